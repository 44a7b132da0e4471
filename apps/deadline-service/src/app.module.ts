import { DynamicModule, Module } from '@nestjs/common';
import { DEADLINE_MIGRATIONS, DeadlineModule } from '@selvbook/deadline';
import { serviceModule } from '@selvbook/messaging';
import { DeadlineConfig, policyFromConfig } from './deadline.config';
import { DeadlineEventHandlers } from './events/deadline-event-handlers';
import { AdminController, DeadlinesController, OutagesController } from './http/deadlines.controller';
import { ExpiryRunnerService } from './timers/expiry-runner.service';

export const SERVICE_NAME = 'deadline-service';

@Module({})
export class AppModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    return serviceModule(AppModule, SERVICE_NAME, config, {
      migrations: DEADLINE_MIGRATIONS,
      imports: [
        DeadlineModule.forRoot({
          policy: policyFromConfig(config),
          forwardNoShowToAkasse: config.FORWARD_NO_SHOW_TO_AKASSE,
        }),
      ],
      controllers: [DeadlinesController, OutagesController, AdminController, DeadlineEventHandlers],
      providers: [ExpiryRunnerService],
    });
  }
}
