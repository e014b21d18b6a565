import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { type AppDeps, createDeps } from './context';
import { openDatabase } from './core/db/database';
import { migrate } from './core/db/migrate';
import type { JobWorker } from './core/jobs/job-worker';
import { createLogger, type Logger } from './core/logging/logger';
import { createMetrics } from './core/logging/metrics';
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

  const server = createServer(createApp(deps));
  server.requestTimeout = config.http.requestTimeoutMs;
  server.headersTimeout = config.http.headersTimeoutMs;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;

  await listen(server, config);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  lifecycleLog.info(`listening on http://${host}:${port}`, { port });

  handleSignals({ server, worker, deps, logger: lifecycleLog });
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
 * Graceful shutdown on SIGTERM/SIGINT: /ready turns 503 at once, the listener closes,
 * in-flight requests finish while idle keep-alive sockets are closed, then the worker
 * finishes its job and the database closes; exit 0. Past SHUTDOWN_TIMEOUT_MS the process
 * exits 1 regardless, and a second signal exits 1 immediately.
 */
function handleSignals(input: {
  server: Server;
  worker: JobWorker;
  deps: AppDeps;
  logger: Logger;
}): void {
  const { server, worker, deps, logger } = input;
  let stopping = false;

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('second signal, exiting immediately', { signal });
      process.exit(1);
    }
    stopping = true;
    deps.lifecycle.beginShutdown();
    logger.info('shutting down', { signal, timeoutMs: deps.config.shutdownTimeoutMs });

    const deadline = setTimeout(() => {
      logger.error('shutdown deadline exceeded, forcing exit');
      process.exit(1);
    }, deps.config.shutdownTimeoutMs);
    deadline.unref();

    server.close(async (error) => {
      clearInterval(idleSweep);
      try {
        await worker.stop();
        await deps.passwords.close();
        deps.db.close();
        logger.info('shutdown complete');
        process.exit(error ? 1 : 0);
      } catch (stopError) {
        logger.error('shutdown failed', { error: stopError });
        process.exit(1);
      }
    });
    // Keep-alive sockets that finish their last request become idle after close() was
    // called; sweep them until the server has closed.
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    idleSweep.unref();
  };

  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
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
