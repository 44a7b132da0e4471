import type { DynamicModule } from '@nestjs/common';
import { DataSourceOptions, PersistenceModule } from '@selvbook/persistence';
import { BaseServiceConfig, PlatformModule } from '@selvbook/platform';
import type { MigrationInterface } from 'typeorm';
import { MESSAGING_MIGRATIONS } from './messaging-tables.migration';
import { MessagingModule } from './messaging.module';

export interface ServiceInfrastructure {
  entities?: DataSourceOptions['entities'];
  /** The service's own migrations; the outbox/inbox tables are added first. */
  migrations?: DataSourceOptions['migrations'] & unknown[];
  /** Topics the service consumes (its EVENT_HANDLERS handle them). */
  consumes?: string[];
}

/** A service's migrations as it runs them at boot: the outbox/inbox tables first, then its own. */
export function serviceMigrations(own: unknown[] = []): Array<new () => MigrationInterface> {
  return [...MESSAGING_MIGRATIONS, ...own] as Array<new () => MigrationInterface>;
}

/** What every service imports the same way: platform, its own database (migrated), Kafka with outbox and inbox. */
export function serviceInfrastructure(
  serviceName: string,
  config: BaseServiceConfig,
  options: ServiceInfrastructure = {},
): DynamicModule[] {
  return [
    PlatformModule.forRoot({ serviceName, config }),
    PersistenceModule.forRoot({
      url: config.DATABASE_URL,
      applicationName: serviceName,
      poolSize: config.DATABASE_POOL_SIZE,
      readPoolSize: config.DATABASE_READ_POOL_SIZE,
      entities: options.entities,
      migrations: serviceMigrations(options.migrations as unknown[]),
    }),
    MessagingModule.forRoot({ consumes: options.consumes }),
  ];
}
