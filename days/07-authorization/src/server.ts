// The process: load the .env file, read the configuration, build the application, listen, and
// stop cleanly on a signal. What the application is made of lives in startup.ts and how
// requests flow in app.ts; this file only connects them to the real world.
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { loadEnvFileIfPresent } from './config/env-file';
import { startHttpServer } from './core/http/http-server';
import { consoleLogger } from './core/logging/logger';
import { buildApplication } from './startup';

const logger = consoleLogger;

async function main(): Promise<void> {
  // The day's own .env, beside src/ (copy .env.example to start one). The real environment wins.
  const envFile = path.join(__dirname, '..', '.env');
  if (loadEnvFileIfPresent(envFile)) console.log(`settings from ${envFile}`);
  const config = loadConfig(process.env);
  const application = await buildApplication(config);
  if (config.jwt.ephemeralSecret) {
    console.log('JWT_SECRET is not set: using a random secret, tokens will not survive a restart');
  }
  const running = await startHttpServer(application.app, {
    host: config.host,
    port: config.port,
  });
  console.log(
    `listening on ${running.url} (${config.nodeEnv}, version ${config.version}, database ${config.dbPath})`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1); // a second signal means "now"
    stopping = true;
    console.log(`${signal} received: closing the server`);
    // The server first: a request still in flight may need what the application holds.
    running
      .close()
      .then(() => application.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('error while closing', { error });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Fail fast with one readable line: a stack trace helps nobody fix an environment variable.
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else if (isErrnoException(error) && error.code === 'EADDRINUSE') {
    console.error(`port already in use (${error.message}): set PORT to a free port`);
  } else {
    logger.error('failed to start', { error });
  }
  process.exit(1);
});

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
