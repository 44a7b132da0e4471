import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ReadinessRegistry } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { DataSourceOptions, openDataSource } from './data-source';

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
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const dataSource = await openDataSource(options);
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
