import { DynamicModule, Global, Module } from '@nestjs/common';
import { SUBSCRIPTIONS } from '@selvbook/contracts';
import {
  ApplyScheduleUseCase,
  BookingEventsUseCase,
  CitizenEventsUseCase,
  DeadlinePolicy,
  DeadlineQueries,
  DeadlineFreeSlots1764300000002,
  DeadlineLastSchedule1764300000001,
  DeadlineTables1764300000000,
  RecordOutageUseCase,
} from '@selvbook/deadline';
import { serviceInfrastructure } from '@selvbook/messaging';
import { DataSource } from 'typeorm';
import { DeadlineConfig, policyFromConfig } from './deadline.config';
import { DeadlineEventHandlers } from './events/deadline-event-handlers';
import { AdminController, DeadlinesController, OutagesController } from './http/deadlines.controller';
import { ExpiryRunnerService } from './runner/expiry-runner.service';
import { DEADLINE_POLICY } from './tokens';

export const SERVICE_NAME = 'deadline-service';

/** Policy, use cases and the handler set; global so the consumer (in MessagingModule) finds EVENT_HANDLERS. */
@Global()
@Module({})
class DeadlineCoreModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    const useCases = [ApplyScheduleUseCase, BookingEventsUseCase, CitizenEventsUseCase, RecordOutageUseCase, DeadlineQueries];
    return {
      module: DeadlineCoreModule,
      providers: [
        { provide: DEADLINE_POLICY, useValue: policyFromConfig(config) },
        { provide: ApplyScheduleUseCase, inject: [DEADLINE_POLICY], useFactory: (p: DeadlinePolicy) => new ApplyScheduleUseCase(p) },
        {
          provide: BookingEventsUseCase,
          inject: [DEADLINE_POLICY],
          useFactory: (p: DeadlinePolicy) => new BookingEventsUseCase(p, { forwardNoShowToAkasse: config.FORWARD_NO_SHOW_TO_AKASSE }),
        },
        { provide: CitizenEventsUseCase, useFactory: () => new CitizenEventsUseCase() },
        { provide: RecordOutageUseCase, inject: [DEADLINE_POLICY], useFactory: (p: DeadlinePolicy) => new RecordOutageUseCase(p) },
        { provide: DeadlineQueries, inject: [DataSource], useFactory: (ds: DataSource) => new DeadlineQueries(ds) },
      ],
      exports: [DEADLINE_POLICY, ...useCases],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure(SERVICE_NAME, config, { migrations: [DeadlineTables1764300000000, DeadlineLastSchedule1764300000001, DeadlineFreeSlots1764300000002], consumes: [...SUBSCRIPTIONS[SERVICE_NAME]] }),
        DeadlineCoreModule.forRoot(config),
      ],
      controllers: [DeadlinesController, OutagesController, AdminController, DeadlineEventHandlers],
      providers: [ExpiryRunnerService],
    };
  }
}
