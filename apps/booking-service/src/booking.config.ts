import { BaseServiceConfig } from '@selvbook/platform';

/** Booking service settings, validated at boot. */
export class BookingConfig extends BaseServiceConfig {
  override PORT = 3003;
}
