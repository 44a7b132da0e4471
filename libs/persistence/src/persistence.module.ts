import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry, ReadinessRegistry } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { DataSourceOptions, openDataSource } from './data-source';
import { recordDatabaseMetrics } from './database-metrics';
import { ReadPool } from './read-pool';

export interface PersistenceOptions extends DataSourceOptions {
  /** Connections of the ReadPool; 0: its reads share the main pool. */
  readPoolSize?: number;
}

/**
 * Provides the service's DataSource (migrated at start), checked by readiness and closed last on shutdown,
 * and the ReadPool beside it.
 */
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadPool) private readonly readPool: ReadPool,
  ) {}

  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const dataSource = await openDataSource(options);
            readiness.register('database', async () => {
              await dataSource.query('SELECT 1');
            });
            return dataSource;
          },
        },
        {
          provide: ReadPool,
          inject: [DataSource, MetricsRegistry],
          useFactory: (dataSource: DataSource, metrics: MetricsRegistry) => {
            const readPool = ReadPool.open(dataSource, {
              url: options.url,
              applicationName: options.applicationName,
              size: options.readPoolSize ?? 0,
            });
            recordDatabaseMetrics(dataSource, readPool, metrics.registry);
            return readPool;
          },
        },
      ],
      exports: [DataSource, ReadPool],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readPool.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
