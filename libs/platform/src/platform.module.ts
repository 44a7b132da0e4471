import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { Clock } from './clock/clock';
import { ClockController } from './clock/clock.controller';
import { BaseServiceConfig } from './config/base-service.config';
import { HealthController } from './health/health.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { createLogger } from './logging/logger';
import { MetricsController, MetricsRegistry } from './metrics/metrics';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export interface PlatformOptions<C extends BaseServiceConfig> {
  serviceName: string;
  config: C;
}

/** Logging, health, metrics, bearer-token auth and the validated configuration: what every service has the same way. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot<C extends BaseServiceConfig>({ serviceName, config }: PlatformOptions<C>): DynamicModule {
    const logger: Logger = createLogger(serviceName, config.LOG_LEVEL, {
      base: { service: serviceName, instance: config.INSTANCE_ID },
    });
    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController, ...(config.CLOCK_CONTROL ? [ClockController] : [])],
      providers: [
        ReadinessRegistry,
        MetricsRegistry,
        Clock,
        {
          provide: TokenVerifier,
          useValue: new TokenVerifier({
            issuer: config.AUTH_ISSUER,
            audience: config.AUTH_AUDIENCE,
            jwksUrl: config.AUTH_JWKS_URL,
            publicKeyPem: config.AUTH_PUBLIC_KEY?.replace(/\\n/g, '\n'),
            maxLifetimeSeconds: {
              citizen: config.AUTH_CITIZEN_TOKEN_MAX_LIFETIME_S,
              caseworker: config.AUTH_STAFF_TOKEN_MAX_LIFETIME_S,
              akasse: config.AUTH_STAFF_TOKEN_MAX_LIFETIME_S,
              system: config.AUTH_STAFF_TOKEN_MAX_LIFETIME_S,
            },
            clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_S,
          }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: config.constructor, useValue: config },
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: ROOT_LOGGER, useValue: logger },
      ],
      exports: [
        ReadinessRegistry,
        MetricsRegistry,
        Clock,
        TokenVerifier,
        SERVICE_CONFIG,
        config.constructor,
        SERVICE_NAME,
        ROOT_LOGGER,
      ],
    };
  }
}
