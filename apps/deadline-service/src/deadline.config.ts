import { BaseServiceConfig } from '@selvbook/platform';

/** Deadline service settings, validated at boot. */
export class DeadlineConfig extends BaseServiceConfig {
  override PORT = 3002;
}
