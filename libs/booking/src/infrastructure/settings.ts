import { BookingPolicy, DEFAULT_BOOKING_POLICY } from '../domain/booking-policy';

/** Settings the app hands the booking module (validated in the app's config class). */
export interface BookingSettings {
  serviceName: string;
  /** how long a reservation holds its seat before it lapses */
  reservationTtlSeconds: number;
  /** policy of an organisation and type that has none stored */
  defaultPolicy: BookingPolicy;
  /**
   * Also write the dedicated a-kasse events (akasse.no-show, akasse.meeting-cancelled) to the citizen's
   * a-kasse topic. The contracts name deadline-service as their producer; turn this off once it forwards them.
   */
  emitAkasseEvents: boolean;
}

export const BOOKING_SETTINGS = Symbol('BOOKING_SETTINGS');

export const DEFAULT_BOOKING_SETTINGS: BookingSettings = {
  serviceName: 'booking-service',
  reservationTtlSeconds: 600,
  defaultPolicy: { ...DEFAULT_BOOKING_POLICY },
  emitAkasseEvents: true,
};
