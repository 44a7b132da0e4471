import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/**
 * Settings of the web front, validated at boot. A smaller base than the services' BaseServiceConfig: the
 * web app has no database and no Kafka — it only calls the services' public REST APIs.
 */
export class WebConfig {
  /** HTTP port (pages, health). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3005;

  /** Base URL of the schedule service's REST API (guiding dates). */
  @IsUrl(URL_OPTIONS)
  SCHEDULE_URL: string;

  /** Base URL of the deadline service's REST API (deadlines, whether the citizen may self-book). */
  @IsUrl(URL_OPTIONS)
  DEADLINE_URL: string;

  /** Base URL of the booking service's REST API (slots, bookings, calendars). */
  @IsUrl(URL_OPTIONS)
  BOOKING_URL: string;

  /**
   * Base URL of the booking service's read replicas (SERVICE_ROLE=api; k8s: booking-reads), for its GETs: slot
   * search, a citizen's bookings, the staff views. Unset: BOOKING_URL.
   */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  BOOKING_READS_URL?: string;

  /** How long one call to a service may take before the page shows "try again later". */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  WEB_API_TIMEOUT_MS = 5000;

  /**
   * How often an open week view looks for changes (a booking, a cancellation) and offers to reload, in seconds;
   * 0: never (the caseworker reloads). Each open week view costs one read of the week per interval.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  WEB_WEEK_REFRESH_SECONDS = 30;

  /**
   * Local use only: the sign-in page may mint a development token (tools/dev-keys) for a citizen id or a
   * caseworker. Refused when NODE_ENV=production, so an image never signs its own tokens.
   */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  WEB_DEV_LOGIN = false;

  /** The development signing key (PKCS#8 PEM) WEB_DEV_LOGIN signs with. */
  @IsString()
  @IsNotEmpty()
  WEB_DEV_SIGNING_KEY_FILE = 'tools/dev-keys/dev-signing-key.pem';

  /**
   * Local use only, with WEB_DEV_LOGIN: a JSON file of demo citizens (`[{ "name", "citizenId", "group" }]`) the
   * sign-in page offers to pick from; `npm start` writes it after seeding.
   */
  @IsOptional()
  @IsString()
  WEB_DEV_CITIZENS_FILE?: string;

  /** Mark the session cookies `Secure` (behind TLS in every deployment; off for http://127.0.0.1 locally). */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  WEB_COOKIE_SECURE = false;

  /** Lowest level written to the JSON log on stdout: fatal, error, warn, info, debug, trace or silent. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Optional instance name in logs (pod name in Kubernetes). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  INSTANCE_ID?: string;
}

/** Development sign-in is for local runs: never with NODE_ENV=production, whatever WEB_DEV_LOGIN says. */
export function devLoginAllowed(config: WebConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  return config.WEB_DEV_LOGIN && env.NODE_ENV !== 'production';
}
