import { DynamicModule, Module } from '@nestjs/common';
import { DEADLINE_POLICY, DEFAULT_DEADLINE_POLICY, DeadlinePolicy } from './domain/policy';
import { ApplyScheduleUseCase } from './use-cases/apply-schedule.usecase';
import {
  BOOKING_EVENT_USE_CASES,
  BOOKING_EVENTS_OPTIONS,
  BookingEventsOptions,
} from './use-cases/booking-events.usecase';
import { CITIZEN_EVENT_USE_CASES } from './use-cases/citizen-events.usecase';
import { DeadlineQueries } from './use-cases/deadline-queries';
import { RecordOutageUseCase } from './use-cases/record-outage.usecase';

export const DEADLINE_USE_CASES = [
  ApplyScheduleUseCase,
  ...BOOKING_EVENT_USE_CASES,
  ...CITIZEN_EVENT_USE_CASES,
  DeadlineQueries,
  RecordOutageUseCase,
];

export interface DeadlineSettings extends BookingEventsOptions {
  policy: DeadlinePolicy;
}

/** The deadline use cases and queries; needs DataSource (PersistenceModule) in scope. */
@Module({})
export class DeadlineModule {
  static forRoot(settings: Partial<DeadlineSettings> = {}): DynamicModule {
    const { policy = DEFAULT_DEADLINE_POLICY, forwardNoShowToAkasse = true } = settings;
    return {
      module: DeadlineModule,
      providers: [
        { provide: DEADLINE_POLICY, useValue: policy },
        { provide: BOOKING_EVENTS_OPTIONS, useValue: { forwardNoShowToAkasse } satisfies BookingEventsOptions },
        ...DEADLINE_USE_CASES,
      ],
      exports: [DEADLINE_POLICY, ...DEADLINE_USE_CASES],
    };
  }
}
