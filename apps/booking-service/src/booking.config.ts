import { Type, Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { BaseServiceConfig } from '@selvbook/platform';

/** Booking service settings, validated at boot. Every `[I]` value of RULES is one of these, with its default. */
export class BookingConfig extends BaseServiceConfig {
  override PORT = 3003;

  /** How long a reservation holds its seat before it lapses (planner protocol: reserve → confirm). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86400)
  RESERVATION_TTL_SECONDS = 600;

  /** Default minimum notice to book, in minutes, where an organisation has no policy [I]. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DEFAULT_MIN_LEAD_MINUTES_BOOK = 60;

  /** Default minimum notice to cancel or rebook, in minutes [I]. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DEFAULT_MIN_LEAD_MINUTES_CHANGE = 120;

  /** Default maximum advance booking, in days [I]. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  DEFAULT_MAX_ADVANCE_DAYS = 120;

  /** Default: citizens may rebook [RULES §5: rights are per meeting; I default allowed]. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  DEFAULT_REBOOKING_ALLOWED = true;

  /** Write akasse.meeting-cancelled (a member's afbud or rebooking of a jobsamtale) to the a-kasse topic from here. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  EMIT_AKASSE_EVENTS = true;

  /** How often lapsed reservations are swept, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  RESERVATION_SWEEP_INTERVAL_MS = 5000;
}
