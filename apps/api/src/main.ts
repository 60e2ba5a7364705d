import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { checkStores, storeSettingsFromEnv } from '../../../libs/infrastructure/open-stores';
import { AppModule } from './app.module';
import { clientErrorHandler } from './client-error-handler';
import { AppConfig } from './config';
import { LOGGER, type Logger } from './logger';

/** Builds the server; tests call this with their own DATA_DIR and PORT. */
export async function createApp(): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ clientErrorHandler });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, {
    // Nest's own messages (start-up failures); requests and errors are logged by pino.
    logger: process.env.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
    // A failure while the stores open rejects here (main prints it), rather than aborting.
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

export async function bootstrap(): Promise<NestFastifyApplication> {
  // A read-only or full DATA_DIR, a damaged or newer store: said before anything is opened.
  checkStores(storeSettingsFromEnv());
  const app = await createApp();
  const config = app.get(AppConfig);
  const logger = app.get<Logger>(LOGGER);
  await app.listen(config.port, config.host);
  if (config.usesDevSecret)
    logger.warn(
      'AUTH_JWT_SECRET is not set: using the development secret; never do this in production',
    );
  logger.info(
    { url: `http://${config.host}:${config.port}/graphql`, dataDir: config.dataDir },
    'resolution tracker listening',
  );
  return app;
}

if (require.main === module) {
  bootstrap().catch((err) => {
    // One line an operator can act on; the stack only when asked for (LOG_LEVEL=debug).
    const message = err instanceof Error ? err.message : String(err);
    console.error(`resolution tracker cannot start: ${message.split('\n')[0]}`);
    if (process.env.LOG_LEVEL === 'debug') console.error(err);
    process.exit(1);
  });
}
