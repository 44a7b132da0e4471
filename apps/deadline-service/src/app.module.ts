import { DynamicModule, Module } from '@nestjs/common';
import { SUBSCRIPTIONS } from '@selvbook/contracts';
import { DEADLINE_MIGRATIONS, DeadlineModule } from '@selvbook/deadline';
import { serviceInfrastructure } from '@selvbook/messaging';
import { DeadlineConfig, policyFromConfig } from './deadline.config';
import { DeadlineEventHandlers } from './events/deadline-event-handlers';
import { AdminController, DeadlinesController, OutagesController } from './http/deadlines.controller';
import { ExpiryRunnerService } from './timers/expiry-runner.service';

export const SERVICE_NAME = 'deadline-service';

@Module({})
export class AppModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure(SERVICE_NAME, config, {
          migrations: DEADLINE_MIGRATIONS,
          consumes: [...SUBSCRIPTIONS[SERVICE_NAME]],
        }),
        DeadlineModule.forRoot({
          policy: policyFromConfig(config),
          forwardNoShowToAkasse: config.FORWARD_NO_SHOW_TO_AKASSE,
        }),
      ],
      controllers: [DeadlinesController, OutagesController, AdminController, DeadlineEventHandlers],
      providers: [ExpiryRunnerService],
    };
  }
}
