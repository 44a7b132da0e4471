/**
 * The four services in one process (real PostgreSQL, one Kafka mock broker), for tests that call every route
 * of every service: the authorization matrix and the fuzz suite. Requests go through Fastify's `inject` (the
 * whole HTTP pipeline — hooks, parsers, Nest — without sockets), so thousands of requests take seconds.
 */
import {
  ContactGroup,
  CitizenRegisteredEvent,
  createEvent,
  dlqTopic,
  INTERNAL_TOPICS,
  Language,
  Topics,
} from '@selvbook/contracts';
import { createServiceApp, loadConfig, Principal, ServiceRoute, serviceRoutes } from '@selvbook/platform';
import { createTestDatabase, devPublicKey, eventually, KafkaMockCluster, mintDevToken } from '@selvbook/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { AppModule as BookingModule, SERVICE_NAME as BOOKING } from '../../apps/booking-service/src/app.module';
import { BookingConfig } from '../../apps/booking-service/src/booking.config';
import { AppModule as DeadlineModule, SERVICE_NAME as DEADLINE } from '../../apps/deadline-service/src/app.module';
import { DeadlineConfig } from '../../apps/deadline-service/src/deadline.config';
import {
  AppModule as NotificationModule,
  SERVICE_NAME as NOTIFICATION,
} from '../../apps/notification-service/src/app.module';
import { NotificationConfig } from '../../apps/notification-service/src/notification.config';
import { AppModule as ScheduleModule, SERVICE_NAME as SCHEDULE } from '../../apps/schedule-service/src/app.module';
import { ScheduleConfig } from '../../apps/schedule-service/src/schedule.config';

export const SERVICE_NAMES = [SCHEDULE, DEADLINE, BOOKING, NOTIFICATION] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** sent as is (a string or bytes), so malformed bodies stay malformed */
  payload?: string | Buffer;
}

export class FourServices {
  private constructor(
    readonly apps: Record<ServiceName, NestFastifyApplication>,
    private readonly cluster: KafkaMockCluster,
    private readonly producer: Producer,
  ) {}

  /** Every service with CLOCK_CONTROL on (so the clock routes exist too) and limits far above what a test sends. */
  static async start(env: Record<string, string> = {}): Promise<FourServices> {
    const cluster = KafkaMockCluster.start();
    for (const topic of INTERNAL_TOPICS) {
      cluster.createTopic(topic, 1);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    const common = async (name: string) => ({
      DATABASE_URL: await createTestDatabase(name),
      KAFKA_BROKERS: cluster.bootstrapServers,
      KAFKA_MAX_WAIT_MS: '100',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      AUTH_PUBLIC_KEY: devPublicKey(),
      CLOCK_CONTROL: 'true',
      RATE_LIMIT_MAX: '100000000',
      RATE_LIMIT_BOOKING_MAX: '100000000',
      ...env,
    });
    const start = async (module: unknown, serviceName: string, title: string) => {
      const app = await createServiceApp(module, { serviceName, title, description: 'test' });
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      return app;
    };
    const apps = {
      [SCHEDULE]: await start(
        ScheduleModule.forRoot(loadConfig(ScheduleConfig, await common('four_schedule'))),
        SCHEDULE,
        'Schedule service',
      ),
      [DEADLINE]: await start(
        DeadlineModule.forRoot(
          loadConfig(DeadlineConfig, { ...(await common('four_deadline')), EXPIRY_RUNNER_ENABLED: 'false' }),
        ),
        DEADLINE,
        'Deadline service',
      ),
      [BOOKING]: await start(
        BookingModule.forRoot(loadConfig(BookingConfig, await common('four_booking'))),
        BOOKING,
        'Booking service',
      ),
      [NOTIFICATION]: await start(
        NotificationModule.forRoot(
          loadConfig(NotificationConfig, {
            ...(await common('four_notification')),
            DELIVERY_RUN_INTERVAL_MS: '3600000',
          }),
        ),
        NOTIFICATION,
        'Notification service',
      ),
    } as Record<ServiceName, NestFastifyApplication>;
    const kafka = new Kafka({
      clientId: 'four-services-test',
      brokers: cluster.bootstrapServers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    return new FourServices(apps, cluster, producer);
  }

  /** The routes each service registered, as the running app lists them. */
  routes(service: ServiceName): ServiceRoute[] {
    return serviceRoutes(this.apps[service]);
  }

  async request(service: ServiceName, request: RawRequest): Promise<Answer> {
    const response = await this.apps[service].inject({
      method: request.method as never,
      url: request.url,
      headers: request.headers,
      payload: request.payload,
    });
    let body: unknown;
    try {
      body = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text: response.body, body };
  }

  /** A JSON request with a bearer token. */
  call(
    service: ServiceName,
    method: string,
    url: string,
    token: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    return this.request(service, {
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  token(principal: Omit<Principal, 'subject'> & { subject?: string }): Promise<string> {
    return mintDevToken(principal);
  }

  /**
   * A citizen registered by their jobcenter (citizen.registered), and waited for until the schedule, deadline
   * and notification services know them.
   */
  async register(citizenId: string, jobcenterCode: string, akasseId?: string): Promise<void> {
    const system = await this.token({ role: 'system' });
    const now = new Date();
    const event = createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode,
        ...(akasseId ? { akasseId } : {}),
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        birthDate: '1980-02-02',
        registeredAt: now.toISOString(),
        anchorDate: now.toISOString().slice(0, 10),
        contact: { email: `${citizenId}@example.org`, digitalPostEnabled: true, language: Language.DA },
      },
      { subject: citizenId, source: 'jobcenter-system' },
    );
    await this.producer.send({ topic: Topics.citizen, messages: [{ key: citizenId, value: JSON.stringify(event) }] });
    await eventually(
      async () => {
        expect((await this.call(SCHEDULE, 'GET', `/v1/citizens/${citizenId}/schedule`, system)).status).toBe(200);
        expect((await this.call(DEADLINE, 'GET', `/v1/citizens/${citizenId}/deadlines`, system)).status).toBe(200);
        expect((await this.call(NOTIFICATION, 'GET', `/v1/citizens/${citizenId}/notifications`, system)).status).toBe(
          200,
        );
      },
      { timeoutMs: 60000 },
    );
  }

  /** Publishes an event as its producer would (keyed by its subject). */
  async publish(topic: string, event: { subject: string }): Promise<void> {
    await this.producer.send({ topic, messages: [{ key: event.subject, value: JSON.stringify(event) }] });
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    for (const app of Object.values(this.apps)) await app.close();
    this.cluster.stop();
  }
}
