import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@selvbook/contracts';
import { MessagingModule, MessagingTables1764200000000 } from '@selvbook/messaging';
import { PersistenceModule } from '@selvbook/persistence';
import { PlatformModule } from '@selvbook/platform';
import { DeadlineConfig } from './deadline.config';

export const SERVICE_NAME = 'deadline-service';

@Module({})
export class AppModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: SERVICE_NAME, config }),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: SERVICE_NAME,
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: [MessagingTables1764200000000],
        }),
        MessagingModule.forRoot({ consumes: [Topics.schedule, Topics.booking, Topics.citizen] }),
      ],
    };
  }
}
