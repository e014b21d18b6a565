// The PostgreSQL engines the contract suite runs on: PGlite in process (always), and a real
// server when TEST_DATABASE_URL names one (CI starts it in .ci/run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { type PostgresDatabase, openPostgres } from '../../src/core/db/postgres';

export { createScratchDatabase, realServerUrl } from './postgres-server';

// PGlite loads its WebAssembly with dynamic import(), which Jest's module sandbox refuses
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG). Node's own require loads it outside the
// sandbox, where import() works (Jest replaces the `module` it hands out, hence
// getBuiltinModule); only the types come from the regular import above.
const nodeRequire = process.getBuiltinModule('node:module').createRequire(__filename);
const { PGlite: PGliteClass } = nodeRequire(
  '@electric-sql/pglite',
) as typeof import('@electric-sql/pglite');
const { createPgConfig } = nodeRequire(
  '@electric-sql/pglite/node-postgres',
) as typeof import('@electric-sql/pglite/node-postgres');

const POOL = { connectionTimeoutMs: 5000, statementTimeoutMs: 10_000 } as const;

/**
 * PGlite (PostgreSQL compiled to WebAssembly) behind node-postgres, through PGlite's own pg
 * adapter: the repositories run through the same pool code as in production. PGlite is one
 * connection, so the pool has one. initdb in WebAssembly costs seconds of CPU; the fresh
 * data directory is saved once per PGlite version in the temp folder and loaded from there.
 */
export async function openPglite(): Promise<{ db: PostgresDatabase; close(): Promise<void> }> {
  const pglite = await startPglite();
  const db = openPostgres(createPgConfig(pglite) as unknown as pg.PoolConfig, { ...POOL, max: 1 });
  return {
    db,
    close: async () => {
      await db.close();
      await pglite.close();
    },
  };
}

async function startPglite(): Promise<PGlite> {
  const flags = `${process.env['NODE_OPTIONS'] ?? ''} ${process.execArgv.join(' ')}`;
  if (!flags.includes('--experimental-vm-modules')) {
    throw new Error(
      "PGlite needs Node's --experimental-vm-modules flag under Jest: run `npm test`, or set " +
        'NODE_OPTIONS=--experimental-vm-modules before npx jest',
    );
  }
  const version: string = JSON.parse(
    // The package exports no package.json; its entry point lives in dist/.
    fs.readFileSync(
      path.join(path.dirname(nodeRequire.resolve('@electric-sql/pglite')), '..', 'package.json'),
      'utf8',
    ),
  ).version;
  const saved = path.join(os.tmpdir(), `enterprise-express-pglite-${version}.tar.gz`);
  if (fs.existsSync(saved)) {
    return PGliteClass.create({ loadDataDir: new Blob([fs.readFileSync(saved)]) });
  }
  const pglite = await PGliteClass.create();
  const dump = await pglite.dumpDataDir('gzip');
  // Written aside, then renamed: a parallel test file never loads half a file.
  const partial = `${saved}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, saved);
  return pglite;
}

export function openServerDatabase(url: string, max = 5): PostgresDatabase {
  return openPostgres(url, { ...POOL, max });
}

/** Empties every table between tests: far cheaper than a new database. */
export async function truncateAll(db: PostgresDatabase): Promise<void> {
  await db.query(
    'TRUNCATE products, users, refresh_tokens, posts, jobs, outbox, rate_limit_hits RESTART IDENTITY CASCADE',
  );
}
