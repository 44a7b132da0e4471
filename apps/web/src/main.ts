import 'reflect-metadata';
import { createLogger, loadConfigOrExit } from '@selvbook/platform';
import { buildWebServer } from './server';
import { WebConfig } from './web.config';

export const SERVICE_NAME = 'web';

async function main(): Promise<void> {
  const config = loadConfigOrExit(WebConfig, SERVICE_NAME);
  if (config.WEB_DEV_LOGIN && process.env.NODE_ENV === 'production') {
    process.stderr.write(`${SERVICE_NAME}: WEB_DEV_LOGIN must not be set in production (NODE_ENV=production)\n`);
    process.exit(78);
  }
  const logger = createLogger(
    SERVICE_NAME,
    config.LOG_LEVEL,
    config.INSTANCE_ID ? { base: { instance: config.INSTANCE_ID } } : {},
  );
  const app = buildWebServer(config, logger);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info(`${SERVICE_NAME} listening on :${config.PORT}`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`${signal}: shutting down gracefully`);
    setTimeout(() => process.exit(1), 15000).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  process.stderr.write(`${SERVICE_NAME} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
