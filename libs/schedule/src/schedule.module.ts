import { DynamicModule, Module } from '@nestjs/common';
import { GetScheduleUseCase } from './course/get-schedule.usecase';
import { RecordCitizenEventUseCase } from './course/record-citizen-event.usecase';
import { PreviewScheduleUseCase } from './preview/preview-schedule.usecase';
import { RecalculateAllUseCase } from './recalculation/recalculate-all.usecase';

export const SCHEDULE_USE_CASES = [
  GetScheduleUseCase,
  PreviewScheduleUseCase,
  RecalculateAllUseCase,
  RecordCitizenEventUseCase,
];

/** The schedule use cases; needs DataSource (PersistenceModule) and Clock (PlatformModule) in scope. */
@Module({})
export class ScheduleModule {
  static forRoot(): DynamicModule {
    return { module: ScheduleModule, providers: SCHEDULE_USE_CASES, exports: SCHEDULE_USE_CASES };
  }
}
