import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@selvbook/contracts';
import { EVENT_HANDLERS, MessagingModule, MessagingTables1764200000000 } from '@selvbook/messaging';
import { PersistenceModule } from '@selvbook/persistence';
import { PlatformModule } from '@selvbook/platform';
import {
  CitizenCourse,
  GetScheduleUseCase,
  PreviewScheduleUseCase,
  RecalculateAllUseCase,
  RecordCitizenEventUseCase,
  ScheduleTables1764210000000,
} from '@selvbook/schedule';
import { CitizenEvents } from './events/citizen-events';
import { SchedulesController } from './http/schedules.controller';
import { NightlyRecalculation } from './jobs/nightly-recalculation';
import { ScheduleConfig } from './schedule.config';

export const SERVICE_NAME = 'schedule-service';

@Module({})
export class AppModule {
  static forRoot(config: ScheduleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, config }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: SERVICE_NAME,
          poolSize: config.DATABASE_POOL_SIZE,
          entities: [CitizenCourse],
          migrations: [MessagingTables1764200000000, ScheduleTables1764210000000],
        }),
        MessagingModule.forRoot({ consumes: [Topics.citizen] }),
      ],
      controllers: [SchedulesController],
      providers: [
        RecordCitizenEventUseCase,
        RecalculateAllUseCase,
        PreviewScheduleUseCase,
        GetScheduleUseCase,
        NightlyRecalculation,
        { provide: EVENT_HANDLERS, useClass: CitizenEvents },
      ],
    };
  }
}
