import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseServiceConfig } from '@selvbook/platform';

/** Schedule service settings, validated at boot. */
export class ScheduleConfig extends BaseServiceConfig {
  override PORT = 3001;

  /** Europe/Copenhagen hour from which the nightly full recalculation may start. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  NIGHTLY_RECALCULATION_HOUR = 1;

  /** How often to check whether tonight's run is due (it runs once per local date). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  NIGHTLY_CHECK_INTERVAL_MS = 60000;
}
