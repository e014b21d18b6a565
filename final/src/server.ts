// The process: load the .env file, read the configuration, build the application, listen, and
// stop cleanly on a signal. What the application is made of lives in startup.ts and how
// requests flow in app.ts; this file only connects them to the real world.
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from './config';
import { loadEnvFileIfPresent } from './config/env-file';
import { type RunningServer, startHttpServer } from './core/http/http-server';
import { createLogger, type Logger } from './core/logging/logger';
import { outsideRequestContext } from './core/logging/request-context';
import { type Application, buildApplication } from './startup';

async function main(): Promise<void> {
  // final/.env, beside src/ and dist/ (copy .env.example to start one). The real environment wins.
  const envFile = path.join(__dirname, '..', '.env');
  const fromFile = loadEnvFileIfPresent(envFile);
  const config = loadConfig(process.env);
  // Start and stop lines are written whatever LOG_LEVEL says: operators and scripts wait for
  // "listening on ..." and read how the process ended.
  const lifecycleLog = createLogger({ level: 'info' });
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
    timeouts: config.http,
  });
  await application.start();
  lifecycleLog.info(`listening on ${running.url}`, {
    port: Number(new URL(running.url).port),
    version: config.version,
    nodeEnv: config.nodeEnv,
  });

  handleSignals({ config, application, running, logger: lifecycleLog });
}

/**
 * Graceful shutdown on SIGTERM/SIGINT:
 * 1. /ready answers 503 (and responses carry Connection: close) for
 *    SHUTDOWN_READINESS_DELAY_MS while the listener still accepts and serves, so load
 *    balancers notice and move traffic away before connections are refused;
 * 2. the listener closes, every accepted request is served, sockets close as they go idle;
 * 3. the application stops: the worker finishes its job, the hashing threads stop, the
 *    database closes; exit 0.
 * Past SHUTDOWN_TIMEOUT_MS (counted from the signal) the process exits 1 regardless, and a
 * second signal exits 1 immediately.
 */
function handleSignals(input: {
  config: Config;
  application: Application;
  running: RunningServer;
  logger: Logger;
}): void {
  const { config, application, running, logger } = input;
  const { shutdownTimeoutMs, shutdownReadinessDelayMs } = config;
  let stopping = false;

  const stop = async (): Promise<void> => {
    logger.info('closing the listener, draining connections', {
      openConnections: running.openConnections(),
    });
    try {
      // The server first: a request still in flight may need what the application holds.
      await running.close();
      await application.close();
      logger.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      logger.error('shutdown failed', { error });
      process.exit(1);
    }
  };

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('second signal, exiting immediately', { signal });
      process.exit(1);
    }
    stopping = true;
    application.deps.lifecycle.beginShutdown();
    logger.info('shutting down', {
      signal,
      timeoutMs: shutdownTimeoutMs,
      readinessDelayMs: shutdownReadinessDelayMs,
    });

    const deadline = setTimeout(() => {
      logger.error('shutdown deadline exceeded, forcing exit');
      process.exit(1);
    }, shutdownTimeoutMs);
    deadline.unref();

    // Not unref'd: the process must stay up for the whole delay even if nothing else is open.
    setTimeout(() => void stop(), shutdownReadinessDelayMs);
  };

  // The sequence belongs to no request: run it outside any request context, so no later
  // callback (however it is reached from a request's async chain) logs a stray requestId.
  const onSignal = (signal: NodeJS.Signals) => outsideRequestContext(() => shutdown(signal));
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

process.on('unhandledRejection', (reason) => {
  createLogger({ level: 'error' }).error('unhandled rejection', { reason: String(reason) });
  process.exit(1);
});

main().catch((error: unknown) => {
  // Fail fast with one readable line per problem: a stack trace helps nobody fix a variable.
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
  } else if (isErrnoException(error) && error.code === 'EADDRINUSE') {
    process.stderr.write(`port already in use (${error.message}): set PORT to a free port\n`);
  } else {
    createLogger({ level: 'error' }).error('start-up failed', { error });
  }
  process.exit(1);
});

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
