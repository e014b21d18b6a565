// The process: load the .env file, read the configuration, build the application, listen, and
// stop cleanly on a signal. What the application is made of lives in startup.ts and how
// requests flow in app.ts; this file only connects them to the real world.
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { loadEnvFileIfPresent } from './config/env-file';
import { startHttpServer } from './core/http/http-server';
import { createLogger } from './core/logging/logger';
import { buildApplication } from './startup';

// Start and stop lines are written whatever LOG_LEVEL says: operators and scripts wait for
// "listening on ..." and read how the process ended.
const lifecycleLog = createLogger({ level: 'info' });

async function main(): Promise<void> {
  // The day's own .env, beside src/ (copy .env.example to start one). The real environment wins.
  const envFile = path.join(__dirname, '..', '.env');
  const fromFile = loadEnvFileIfPresent(envFile);
  const config = loadConfig(process.env);
  if (fromFile) lifecycleLog.info('settings read from .env', { file: envFile });

  const application = await buildApplication(config);
  if (config.jwt.ephemeralSecret) {
    application.deps.logger.warn(
      'JWT_SECRET is not set: using a random secret, tokens will not survive a restart',
    );
  }
  const running = await startHttpServer(application.app, {
    host: config.host,
    port: config.port,
  });
  lifecycleLog.info(`listening on ${running.url}`, {
    port: Number(new URL(running.url).port),
    version: config.version,
    nodeEnv: config.nodeEnv,
    dbPath: config.dbPath,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1); // a second signal means "now"
    stopping = true;
    lifecycleLog.info('closing the server', { signal });
    // The server first: a request still in flight may need what the application holds.
    running
      .close()
      .then(() => application.close())
      .then(
        () => {
          lifecycleLog.info('shutdown complete');
          process.exit(0);
        },
        (error: unknown) => {
          lifecycleLog.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// A promise nobody awaited failed: the process is in a state nobody planned for. Log it as
// one JSON line, with the error's stack and causes, and exit: a listener for this event
// replaces Node's own crash, so exiting is now our job.
process.on('unhandledRejection', (reason) => {
  lifecycleLog.error('unhandled rejection', { error: reason });
  process.exit(1);
});

main().catch((error: unknown) => {
  // Fail fast with one readable line: a stack trace helps nobody fix an environment variable.
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else if (isErrnoException(error) && error.code === 'EADDRINUSE') {
    console.error(`port already in use (${error.message}): set PORT to a free port`);
  } else {
    lifecycleLog.error('failed to start', { error });
  }
  process.exit(1);
});

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
