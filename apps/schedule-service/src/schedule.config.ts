import { BaseServiceConfig } from '@selvbook/platform';

/** Schedule service settings, validated at boot. */
export class ScheduleConfig extends BaseServiceConfig {
  override PORT = 3001;
}
