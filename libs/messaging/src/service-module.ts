import type { DynamicModule, ModuleMetadata, Type } from '@nestjs/common';
import { SelvbookService, SUBSCRIPTIONS } from '@selvbook/contracts';
import { BaseServiceConfig } from '@selvbook/platform';
import { ServiceInfrastructure, serviceInfrastructure } from './service-infrastructure';

export interface ServiceModuleParts extends Omit<ServiceInfrastructure, 'consumes'> {
  /** The domain lib's module, configured by the app. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The HTTP controllers and the event handlers. */
  controllers: NonNullable<ModuleMetadata['controllers']>;
  /** What runs on a clock. */
  providers?: ModuleMetadata['providers'];
}

/**
 * A service's root module: the infrastructure every service shares, consuming the topics of its
 * `SUBSCRIPTIONS` (its Kafka ACL), then the app's own parts.
 */
export function serviceModule(
  module: Type,
  serviceName: SelvbookService,
  config: BaseServiceConfig,
  { entities, migrations, imports, controllers, providers }: ServiceModuleParts,
): DynamicModule {
  return {
    module,
    imports: [
      ...serviceInfrastructure(serviceName, config, {
        entities,
        migrations,
        consumes: [...SUBSCRIPTIONS[serviceName]],
      }),
      ...imports,
    ],
    controllers,
    providers,
  };
}
