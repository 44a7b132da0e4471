import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';

/** Settings every service needs; a service's own config class extends this one. */
export class BaseServiceConfig {
  /** HTTP port (REST API, health, metrics). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** postgres://user:password@host:port/database */
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 16;

  /** Comma-separated host:port list of Kafka bootstrap brokers. */
  @IsString()
  @Matches(/^[^,\s:]+:\d+(,[^,\s:]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS: string;

  /** Kafka consumer fetch wait; 100 ms against the local mock broker, which holds empty fetches for the full wait. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10000)
  KAFKA_MAX_WAIT_MS = 500;

  /**
   * The outbox relay's linger: at most one read of the outbox per this many milliseconds while events trickle
   * in, so each send carries what committed meanwhile (Kafka's linger.ms). Higher for a service whose writes
   * come many per second from several replicas (each commit wakes every replica's relay).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  OUTBOX_LINGER_MS = 5;

  /** How long one Kafka request may take before it is retried on a fresh attempt. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(120000)
  KAFKA_REQUEST_TIMEOUT_MS = 10000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Expected `iss` of bearer tokens. */
  @IsString()
  AUTH_ISSUER = 'selvbook-dev';

  /** Expected `aud` of bearer tokens. */
  @IsString()
  AUTH_AUDIENCE = 'selvbook';

  /** The identity provider's JWKS endpoint (production). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  AUTH_JWKS_URL?: string;

  /** PEM (SPKI) ES256 public key, used when there is no JWKS URL (local runs and tests). */
  @ValidateIf((c: BaseServiceConfig) => !c.AUTH_JWKS_URL)
  @IsString({ message: 'set AUTH_JWKS_URL, or AUTH_PUBLIC_KEY (a PEM public key) for local use' })
  AUTH_PUBLIC_KEY?: string;

  /**
   * Longest a citizen's bearer token may live (`exp` − `iat`), in seconds: one self-service session. A
   * citizen token living longer is refused (401), so a leaked one is worth an hour, not years.
   */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86_400)
  AUTH_CITIZEN_TOKEN_MAX_LIFETIME_S = 3600;

  /** The same for caseworkers, a-kasser and systems: one working shift. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 86_400)
  AUTH_STAFF_TOKEN_MAX_LIFETIME_S = 43_200;

  /** Clock skew tolerated between the identity provider and the service for `exp`, `nbf` and `iat`, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CLOCK_TOLERANCE_S = 30;

  /** Mounts POST /v1/admin/clock (time travel) for end-to-end tests and the demo. Never in production. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  CLOCK_CONTROL = false;

  /** Optional instance name in logs and Kafka client ids (pod name in Kubernetes). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  INSTANCE_ID?: string;
}

export function kafkaBrokers(config: BaseServiceConfig): string[] {
  return config.KAFKA_BROKERS.split(',');
}
