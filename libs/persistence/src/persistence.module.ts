import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry, ReadinessRegistry } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { DataSourceOptions, openDataSource } from './data-source';
import { recordDatabaseMetrics } from './database-metrics';

/** Provides the service's DataSource (migrated at start), checked by readiness and closed last on shutdown. */
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          inject: [ReadinessRegistry, MetricsRegistry],
          useFactory: async (readiness: ReadinessRegistry, metrics: MetricsRegistry) => {
            const dataSource = await openDataSource(options);
            recordDatabaseMetrics(dataSource, metrics.registry);
            readiness.register('database', async () => {
              await dataSource.query('SELECT 1');
            });
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
