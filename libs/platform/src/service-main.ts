import { loadConfigOrExit, ServiceDescription, startService } from './bootstrap';
import { BaseServiceConfig } from './config/base-service.config';

/**
 * A service's `main`: loads and validates its configuration (exit 78 naming every bad variable), builds its
 * module from it and starts it. A failure to start is one line on stderr and exit 1.
 */
export function runService<C extends BaseServiceConfig>(
  configClass: new () => C,
  moduleFor: (config: C) => unknown,
  description: ServiceDescription,
): void {
  const { serviceName } = description;
  const start = async () => {
    const config = loadConfigOrExit(configClass, serviceName);
    await startService(moduleFor(config), description, config);
  };
  start().catch((error) => {
    process.stderr.write(`${serviceName} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
