import { DynamicModule, Module } from '@nestjs/common';
import { SUBSCRIPTIONS } from '@selvbook/contracts';
import { serviceInfrastructure } from '@selvbook/messaging';
import { CitizenCourse, SCHEDULE_MIGRATIONS, ScheduleModule } from '@selvbook/schedule';
import { CitizenEvents } from './events/citizen-events';
import { SchedulesController } from './http/schedules.controller';
import { NightlyRecalculation } from './timers/nightly-recalculation';
import { ScheduleConfig } from './schedule.config';

export const SERVICE_NAME = 'schedule-service';

@Module({})
export class AppModule {
  static forRoot(config: ScheduleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure(SERVICE_NAME, config, {
          entities: [CitizenCourse],
          migrations: SCHEDULE_MIGRATIONS,
          consumes: [...SUBSCRIPTIONS[SERVICE_NAME]],
        }),
        ScheduleModule.forRoot(),
      ],
      controllers: [SchedulesController, CitizenEvents],
      providers: [NightlyRecalculation],
    };
  }
}
