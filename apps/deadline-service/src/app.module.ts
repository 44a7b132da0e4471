import { DynamicModule, Module } from '@nestjs/common';
import { SUBSCRIPTIONS } from '@selvbook/contracts';
import { DeadlineFreeSlots1764300000002, DeadlineLastSchedule1764300000001, DeadlineModule, DeadlineTables1764300000000 } from '@selvbook/deadline';
import { serviceInfrastructure } from '@selvbook/messaging';
import { DeadlineConfig, policyFromConfig } from './deadline.config';
import { DeadlineEventHandlers } from './events/deadline-event-handlers';
import { AdminController, DeadlinesController, OutagesController } from './http/deadlines.controller';
import { ExpiryRunnerService } from './runner/expiry-runner.service';

export const SERVICE_NAME = 'deadline-service';

@Module({})
export class AppModule {
  static forRoot(config: DeadlineConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure(SERVICE_NAME, config, { migrations: [DeadlineTables1764300000000, DeadlineLastSchedule1764300000001, DeadlineFreeSlots1764300000002], consumes: [...SUBSCRIPTIONS[SERVICE_NAME]] }),
        DeadlineModule.forRoot({ policy: policyFromConfig(config), forwardNoShowToAkasse: config.FORWARD_NO_SHOW_TO_AKASSE }),
      ],
      controllers: [DeadlinesController, OutagesController, AdminController, DeadlineEventHandlers],
      providers: [ExpiryRunnerService],
    };
  }
}
