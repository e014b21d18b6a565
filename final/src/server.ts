import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { type AppDeps, createDeps } from './context';
import { openDatabase } from './core/db/database';
import { migrate } from './core/db/migrate';
import { type ConnectionDrain, trackConnections } from './core/http/connection-drain';
import type { JobWorker } from './core/jobs/job-worker';
import { createLogger, type Logger } from './core/logging/logger';
import { createMetrics } from './core/logging/metrics';
import { outsideRequestContext } from './core/logging/request-context';
import { createJobWorker } from './jobs';

/**
 * The process: config -> database -> migrations -> worker -> listen -> signals.
 * Everything testable lives in createApp and its dependencies; this file only wires them to
 * the real environment and owns the shutdown sequence.
 */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  // Start and stop lines are written whatever LOG_LEVEL says: operators and scripts wait
  // for "listening on ..." and read how the process ended.
  const lifecycleLog = createLogger({ level: 'info' });
  if (config.jwt.ephemeralSecret) {
    logger.warn('JWT_SECRET is not set: using a random secret, tokens will not survive a restart');
  }

  const db = openDatabase(config.dbPath);
  const { applied, currentVersion } = migrate(db);
  logger.info('database ready', { path: config.dbPath, schemaVersion: currentVersion, applied });

  const deps = createDeps({
    config,
    db,
    logger,
    metrics: createMetrics({ defaultMetrics: true }),
  });
  await bootstrapAdmin(deps);

  const worker = createJobWorker(deps);
  await worker.start();

  // The connection tracker's request listener goes first, then the app's.
  const server = createServer();
  const connections = trackConnections(server);
  server.on('request', createApp(deps));
  server.requestTimeout = config.http.requestTimeoutMs;
  server.headersTimeout = config.http.headersTimeoutMs;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;

  await listen(server, config);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  lifecycleLog.info(`listening on http://${host}:${port}`, { port });

  handleSignals({ connections, worker, deps, logger: lifecycleLog });
}

function readConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One plain line per problem; a stack trace would only bury them.
      for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrapAdmin(deps: AppDeps): Promise<void> {
  const admin = deps.config.admin;
  if (admin === undefined) return;
  const outcome = await deps.services.users.ensureAdmin(admin);
  if (outcome === 'created') deps.logger.info('created the admin account', { email: admin.email });
  if (outcome === 'email-taken') {
    deps.logger.error('ADMIN_EMAIL belongs to an existing non-admin account; it was not promoted', {
      email: admin.email,
    });
  }
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Graceful shutdown on SIGTERM/SIGINT:
 * 1. /ready answers 503 (and responses carry Connection: close) for
 *    SHUTDOWN_READINESS_DELAY_MS while the listener still accepts and serves, so load
 *    balancers notice and move traffic away before connections are refused;
 * 2. the listener closes, every accepted request is served, sockets close as they go idle
 *    (see trackConnections);
 * 3. the worker finishes its job, the hashing threads stop, the database closes; exit 0.
 * Past SHUTDOWN_TIMEOUT_MS (counted from the signal) the process exits 1 regardless, and a
 * second signal exits 1 immediately.
 */
function handleSignals(input: {
  connections: ConnectionDrain;
  worker: JobWorker;
  deps: AppDeps;
  logger: Logger;
}): void {
  const { connections, worker, deps, logger } = input;
  const { shutdownTimeoutMs, shutdownReadinessDelayMs } = deps.config;
  let stopping = false;

  const stop = async (): Promise<void> => {
    logger.info('closing the listener, draining connections', {
      openConnections: connections.openSockets(),
    });
    try {
      await connections.drain();
      await worker.stop();
      await deps.passwords.close();
      deps.db.close();
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
    deps.lifecycle.beginShutdown();
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
  process.stderr.write(
    `${JSON.stringify({ level: 'error', msg: 'unhandled rejection', reason: String(reason) })}\n`,
  );
  process.exit(1);
});

main().catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    `${JSON.stringify({ level: 'error', msg: 'start-up failed', error: message })}\n`,
  );
  process.exit(1);
});
