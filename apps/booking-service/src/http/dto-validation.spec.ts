import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { DtoValidationPipe } from '@selvbook/platform';
import fc from 'fast-check';
import {
  AttendanceDto,
  BookDto,
  CancelDto,
  CreateCalendarDto,
  ListBookingsQuery,
  PublishSlotsDto,
  SearchSlotsQuery,
} from './dto';

// The service's pipe against Nest's own, configured as the service configured it before: same answers.
const fast = new DtoValidationPipe();
const plain = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

type Outcome = { accepted: true; value: unknown } | { accepted: false; status: number; body: unknown };
async function outcome(pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata): Promise<Outcome> {
  try {
    return { accepted: true, value: await pipe.transform(structuredClone(value), metadata) };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { accepted: false, status: error.getStatus(), body: error.getResponse() };
  }
}

const uuid = fc.uuid({ version: 4 });
/** Sometimes right, often wrong: the values a client sends by mistake. */
const anything = fc.oneof(
  fc.constantFrom(
    null,
    '',
    'x',
    0,
    7,
    '7',
    1.5,
    true,
    [],
    {},
    ['PHONE'],
    'PHONE',
    'IN_PERSON',
    'NO_SHOW',
    'HELD',
    '2027-01-04T09:00:00Z',
    '20',
  ),
  uuid,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anything);

const cases: Array<[string, new () => object, ArgumentMetadata['type'], fc.Arbitrary<Record<string, unknown>>]> = [
  [
    'BookDto',
    BookDto,
    'body',
    fc.record(
      {
        slotId: maybe(uuid),
        citizenId: maybe(uuid),
        deadlineId: maybe(uuid),
        format: maybe(fc.constantFrom('PHONE', 'VIDEO', 'IN_PERSON')),
        conversationType: maybe(fc.constantFrom(7, 8, 13)),
        extra: anything,
      },
      { requiredKeys: ['slotId'] },
    ),
  ],
  [
    'CancelDto',
    CancelDto,
    'body',
    fc.record(
      { reason: anything, legitimateReason: maybe(fc.constantFrom('JOB_INTERVIEW', 'ILLNESS')), extra: anything },
      { requiredKeys: [] },
    ),
  ],
  [
    'AttendanceDto',
    AttendanceDto,
    'body',
    fc.record({ outcome: maybe(fc.constantFrom('HELD', 'NO_SHOW')), extra: anything }, { requiredKeys: [] }),
  ],
  [
    'CreateCalendarDto',
    CreateCalendarDto,
    'body',
    fc.record(
      {
        name: maybe(fc.string({ maxLength: 210 })),
        defaultLocation: maybe(fc.string()),
        orgKind: maybe(fc.constantFrom('JOBCENTER', 'AKASSE')),
        orgCode: maybe(fc.string({ maxLength: 25 })),
      },
      { requiredKeys: [] },
    ),
  ],
  [
    'PublishSlotsDto (nested times: always the ordinary way)',
    PublishSlotsDto,
    'body',
    fc.record(
      {
        conversationTypes: maybe(fc.constant([7])),
        formats: maybe(fc.constant(['PHONE'])),
        capacity: maybe(fc.integer({ min: 0, max: 3 })),
        times: maybe(fc.constant([{ startsAt: '2027-01-04T09:00:00Z', endsAt: '2027-01-04T09:45:00Z' }])),
      },
      { requiredKeys: [] },
    ),
  ],
  // query strings arrive as strings: class-transformer's @Type turns numbers into numbers before either check
  [
    'SearchSlotsQuery',
    SearchSlotsQuery,
    'query',
    fc.record(
      {
        deadlineId: maybe(uuid),
        conversationType: maybe(fc.constantFrom('7', '8', '99')),
        format: maybe(fc.constantFrom('PHONE', 'VIDEO')),
        limit: maybe(fc.constantFrom('1', '20', '100', '101', '0', 'ten')),
        from: maybe(fc.constant('2027-01-04T09:00:00Z')),
        cursor: maybe(fc.string({ maxLength: 20 })),
      },
      { requiredKeys: [] },
    ),
  ],
  [
    'ListBookingsQuery',
    ListBookingsQuery,
    'query',
    fc.record(
      {
        citizenId: maybe(uuid),
        status: maybe(fc.constantFrom('BOOKED', 'HELD')),
        limit: maybe(fc.constantFrom('5', '500')),
      },
      { requiredKeys: [] },
    ),
  ],
];

describe("DtoValidationPipe answers as Nest's ValidationPipe does", () => {
  it.each(cases)(
    '%s: the same entity (same class, same fields) or the same 400',
    async (_name, metatype, type, values) => {
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          const metadata: ArgumentMetadata = { type, metatype, data: '' };
          expect(await outcome(fast, value, metadata)).toStrictEqual(await outcome(plain, value, metadata));
        }),
        { numRuns: 300 },
      );
    },
  );

  it('takes the fast path for a valid booking and search, and the ordinary one for anything doubtful', async () => {
    const ordinary = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const booking = { slotId: '6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60', format: 'PHONE' };
      expect(await fast.transform(booking, { type: 'body', metatype: BookDto, data: '' })).toBeInstanceOf(BookDto);
      const search = await fast.transform(
        { deadlineId: '6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60', limit: '20' },
        { type: 'query', metatype: SearchSlotsQuery, data: '' },
      );
      expect(search).toMatchObject({ limit: 20 });
      expect(ordinary).not.toHaveBeenCalled();
      // an unknown field, a prototype key, a class instance as the value: the ordinary pipe decides
      await expect(
        fast.transform({ ...booking, extra: 1 }, { type: 'body', metatype: BookDto, data: '' }),
      ).rejects.toBeInstanceOf(BadRequestException);
      await fast
        .transform(JSON.parse('{"slotId":"6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60","constructor":{"x":1}}'), {
          type: 'body',
          metatype: BookDto,
          data: '',
        })
        .catch(() => undefined);
      await fast.transform(Object.assign(new BookDto(), booking), { type: 'body', metatype: BookDto, data: '' });
      expect(ordinary).toHaveBeenCalledTimes(3);
    } finally {
      ordinary.mockRestore();
    }
  });
});
