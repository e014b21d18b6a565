// The process: read config, build the app, listen, and stop cleanly on a signal.
// Everything that touches the outside world at start-up lives here, not in createApp.
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { systemClock } from './context';
import { openDatabase } from './core/db/database';
import { migrate } from './core/db/migrate';
import { seedDemoData } from './core/db/seed';
import { startHttpServer } from './core/http/http-server';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Open once, migrate before the first request can arrive, and share the one connection.
  const db = openDatabase(config.dbPath);
  const { applied, currentVersion } = migrate(db);
  console.log(
    `database ${config.dbPath}: schema version ${currentVersion}, applied now: ${applied.length > 0 ? applied.join(', ') : 'none'}`,
  );
  if (config.nodeEnv === 'development') seedDemoData(db);

  const app = createApp({ config, clock: systemClock, logger: console, db });
  const running = await startHttpServer(app, { host: config.host, port: config.port });
  console.log(`listening on ${running.url} (${config.nodeEnv}, version ${config.version})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1); // a second signal means "now"
    stopping = true;
    console.log(`${signal} received: closing the server`);
    running.close().then(
      () => {
        // Only after the last request finished: closing earlier would fail its queries. For
        // a WAL database, close() also checkpoints the log into the main file.
        db.close();
        process.exit(0);
      },
      (error: unknown) => {
        console.error('error while closing:', error);
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
    console.error('failed to start:', error);
  }
  process.exit(1);
});

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
