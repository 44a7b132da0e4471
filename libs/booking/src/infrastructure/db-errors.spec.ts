import { DomainProblem } from '@selvbook/platform';
import { translateDbError } from './db-errors';

describe('constraint violations → 409 with the reason', () => {
  it.each([
    ['23514', 'slot_capacity', 'slot-full'],
    ['23P01', 'booking_citizen_no_overlap', 'citizen-overlap'],
    ['23505', 'booking_one_active_per_deadline', 'deadline-already-booked'],
  ])('%s %s → %s', (code, constraint, problem) => {
    try {
      translateDbError({ driverError: { code, constraint } });
      throw new Error('did not throw');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainProblem);
      expect((error as DomainProblem).getStatus()).toBe(409);
      expect((error as DomainProblem).code).toBe(problem);
    }
  });

  it('rethrows anything else', () => {
    const boom = new Error('boom');
    expect(() => translateDbError(boom)).toThrow(boom);
  });
});
