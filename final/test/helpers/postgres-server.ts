// A real PostgreSQL server for the tests that need one: its URL from TEST_DATABASE_URL (CI
// starts the server in .ci/run) and a scratch database per test file. Kept apart from
// postgres-engines.ts so the process-level tests do not load PGlite.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The real server's URL, or undefined (with the reason printed) when there is none. */
export function realServerUrl(): string | undefined {
  const url = process.env['TEST_DATABASE_URL'];
  if (url !== undefined && url !== '') return url;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
    // In CI a missing server is a broken pipeline, not a reason to skip.
    throw new Error('TEST_DATABASE_URL is not set in CI: .ci/run must start PostgreSQL');
  }
  console.info(
    'Skipping the tests against a real PostgreSQL server: set TEST_DATABASE_URL ' +
      '(postgres://user@127.0.0.1:5432/postgres) to run them. CI always runs them.',
  );
  return undefined;
}

/**
 * A database of its own on the real server, dropped by `drop()`: test files running in
 * parallel never see each other's rows.
 */
export async function createScratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ee_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
