import { BaseServiceConfig } from '@selvbook/platform';

/** Notification service settings, validated at boot. */
export class NotificationConfig extends BaseServiceConfig {
  override PORT = 3004;
}
