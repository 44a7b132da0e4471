import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, ValidateIf } from 'class-validator';
import { BooleanSetting, IntegerSetting } from './setting-decorators';

/** What a replica does: `all` of its service's work, or serve its `api` only. */
export const SERVICE_ROLES = ['all', 'api'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Settings every service needs; a service's own config class extends this one. */
export class BaseServiceConfig {
  /** HTTP port (REST API, health, metrics). */
  @IntegerSetting(0, 65535)
  PORT = 3000;

  /** postgres://user:password@host:port/database */
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /** PostgreSQL connections per process (the outbox relay holds one more of its own). */
  @IntegerSetting(1, 200)
  DATABASE_POOL_SIZE = 16;

  /**
   * PostgreSQL connections per process kept for the reads a person waits on (slot search, staff calendar
   * views), so they do not queue behind writes; 0 shares DATABASE_POOL_SIZE.
   */
  @IntegerSetting(0, 50)
  DATABASE_READ_POOL_SIZE = 4;

  /**
   * `all`: the REST API and the service's background work (outbox relay, event consumer, timers). `api`: the
   * REST API only, for replicas that serve reads a surge of writes must not slow (k8s/base: booking-reads); what
   * such a replica writes is published by the `all` replicas' relays from the shared outbox.
   */
  @IsIn(SERVICE_ROLES)
  SERVICE_ROLE: ServiceRole = 'all';

  /** Comma-separated host:port list of Kafka bootstrap brokers. */
  @IsString()
  @Matches(/^[^,\s:]+:\d+(,[^,\s:]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS: string;

  /** Kafka consumer fetch wait; 100 ms against the local mock broker, which holds empty fetches for the full wait. */
  @IntegerSetting(10, 10000)
  KAFKA_MAX_WAIT_MS = 500;

  /**
   * The outbox relay's linger: at most one read of the outbox per this many milliseconds while events trickle
   * in, so each send carries what committed meanwhile (Kafka's linger.ms). Higher for a service whose writes
   * come many per second from several replicas (each commit wakes every replica's relay).
   */
  @IntegerSetting(0, 1000)
  OUTBOX_LINGER_MS = 5;

  /** How long one Kafka request may take before it is retried on a fresh attempt. */
  @IntegerSetting(1000, 120000)
  KAFKA_REQUEST_TIMEOUT_MS = 10000;

  /** Connect to Kafka over TLS (on by itself when a KAFKA_TLS_* file is given). */
  @BooleanSetting()
  KAFKA_TLS = false;

  /** PEM file of the CA that signed the brokers' certificates (Strimzi's cluster CA); default: the system's. */
  @IsOptional()
  @IsString()
  KAFKA_TLS_CA_FILE?: string;

  /** PEM client certificate for mutual TLS (a Strimzi KafkaUser with `authentication: tls`). */
  @IsOptional()
  @IsString()
  KAFKA_TLS_CERT_FILE?: string;

  /** PEM private key of KAFKA_TLS_CERT_FILE. */
  @ValidateIf((c: BaseServiceConfig) => !!c.KAFKA_TLS_CERT_FILE)
  @IsString({ message: 'KAFKA_TLS_KEY_FILE is required with KAFKA_TLS_CERT_FILE' })
  KAFKA_TLS_KEY_FILE?: string;

  /** SASL mechanism: scram-sha-512 (as Strimzi's KafkaUser issues it), scram-sha-256 or plain; unset: no SASL. */
  @IsOptional()
  @IsIn(['scram-sha-512', 'scram-sha-256', 'plain'])
  KAFKA_SASL_MECHANISM?: 'scram-sha-512' | 'scram-sha-256' | 'plain';

  /** SASL user name (the KafkaUser's name). */
  @ValidateIf((c: BaseServiceConfig) => !!c.KAFKA_SASL_MECHANISM && runsBackgroundWork(c))
  @IsString({ message: 'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_USERNAME?: string;

  /** SASL password (from the KafkaUser's Secret). */
  @ValidateIf((c: BaseServiceConfig) => !!c.KAFKA_SASL_MECHANISM && runsBackgroundWork(c))
  @IsString({ message: 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_PASSWORD?: string;

  /** Lowest level written to the JSON log on stdout: fatal, error, warn, info, debug, trace or silent. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Traces (OpenTelemetry, OTLP over HTTP): the collector's base URL, e.g. http://otel-collector.monitoring:4318
   * (`/v1/traces` is appended). Unset, and OTEL_TRACES_EXPORTER unset: no traces are made or sent. The SDK reads
   * the other standard variables itself: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, _HEADERS, _TIMEOUT,
   * OTEL_TRACES_SAMPLER and _ARG (default: parent-based, always on), OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES.
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' },
  )
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /**
   * `otlp` exports traces (to OTEL_EXPORTER_OTLP_ENDPOINT, default
   * http://localhost:4318); `none` turns them off; unset: on when an endpoint is set.
   */
  @IsOptional()
  @IsIn(['otlp', 'none'])
  OTEL_TRACES_EXPORTER?: string;

  /** How spans are encoded to the collector: http/protobuf or http/json. */
  @IsIn(['http/protobuf', 'http/json'])
  OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';

  /**
   * The service name on its spans (resource attribute service.name); default the service's own, e.g. booking-service.
   */
  @IsOptional()
  @IsString()
  OTEL_SERVICE_NAME?: string;

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
   * Rate limits (in memory, per replica: N replicas allow N times as much). Off only for measurements.
   * Health and metrics are never limited.
   */
  @BooleanSetting()
  RATE_LIMIT_ENABLED = true;

  /** Requests per window per caller: a token's principal, or the client address of a request without a valid token. */
  @IntegerSetting(1)
  RATE_LIMIT_MAX = 600;

  /** The window RATE_LIMIT_MAX counts over, in milliseconds. */
  @IntegerSetting(1000, 86_400_000)
  RATE_LIMIT_WINDOW_MS = 60_000;

  /** Bookings, reservations and rebookings per window per citizen booked for (one token cannot take a calendar). */
  @IntegerSetting(1)
  RATE_LIMIT_BOOKING_MAX = 20;

  /** The window RATE_LIMIT_BOOKING_MAX counts over, in milliseconds. */
  @IntegerSetting(1000, 86_400_000)
  RATE_LIMIT_BOOKING_WINDOW_MS = 3_600_000;

  /** Callers (and citizens) remembered per limit; the least recently seen are forgotten first. */
  @IntegerSetting(100, 10_000_000)
  RATE_LIMIT_CACHE_SIZE = 100_000;

  /** A client must send its request head (line and headers) within this time, or gets 408. */
  @IntegerSetting(1000, 600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** A client must send its whole request, body included, within this time, or gets 408 (≥ the headers timeout). */
  @IntegerSetting(1000, 600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /**
   * During a request or its answer, a connection on which nothing moves for this long is closed (a slow reader too).
   */
  @IntegerSetting(1000, 600_000)
  HTTP_IDLE_TIMEOUT_MS = 30_000;

  /**
   * An idle keep-alive connection between requests is closed after this long. Keep it above the idle timeout
   * of a proxy or load balancer in front (their default is often 60 s), or it may send on a closing connection.
   */
  @IntegerSetting(1000, 600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

  /**
   * Longest a citizen's bearer token may live (`exp` − `iat`), in seconds: one self-service session. A
   * citizen token living longer is refused (401), so a leaked one is worth an hour, not years.
   */
  @IntegerSetting(60, 86_400)
  AUTH_CITIZEN_TOKEN_MAX_LIFETIME_S = 3600;

  /** The same for caseworkers, a-kasser and systems: one working shift. */
  @IntegerSetting(60, 7 * 86_400)
  AUTH_STAFF_TOKEN_MAX_LIFETIME_S = 43_200;

  /** Clock skew tolerated between the identity provider and the service for `exp`, `nbf` and `iat`, in seconds. */
  @IntegerSetting(0, 300)
  AUTH_CLOCK_TOLERANCE_S = 30;

  /** Mounts POST /v1/admin/clock (time travel) for end-to-end tests and the demo. Never in production. */
  @BooleanSetting()
  CLOCK_CONTROL = false;

  /** Optional instance name in logs and Kafka client ids (pod name in Kubernetes). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  INSTANCE_ID?: string;
}

/** Whether this replica runs its service's background work: the outbox relay, the event consumer, the timers. */
export function runsBackgroundWork(config: BaseServiceConfig): boolean {
  return config.SERVICE_ROLE === 'all';
}

export function kafkaBrokers(config: BaseServiceConfig): string[] {
  return config.KAFKA_BROKERS.split(',');
}
