import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@selvbook/messaging';
import { CitizenCourse, SCHEDULE_MIGRATIONS, ScheduleModule } from '@selvbook/schedule';
import { CitizenEvents } from './events/citizen-events';
import { SchedulesController } from './http/schedules.controller';
import { NightlyRecalculation } from './timers/nightly-recalculation';
import { ScheduleConfig } from './schedule.config';

export const SERVICE_NAME = 'schedule-service';

@Module({})
export class AppModule {
  static forRoot(config: ScheduleConfig): DynamicModule {
    return serviceModule(AppModule, SERVICE_NAME, config, {
      entities: [CitizenCourse],
      migrations: SCHEDULE_MIGRATIONS,
      imports: [ScheduleModule.forRoot()],
      controllers: [SchedulesController, CitizenEvents],
      providers: [NightlyRecalculation],
    });
  }
}
