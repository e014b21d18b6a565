// A second process writing to the same SQLite file at the worst moment, made deterministic.
// better-sqlite3 calls a connection's `verbose` function just before it runs each statement,
// so the helper can let "another process" (a second connection to the same file) commit a
// write between any two statements of the operation under test. It first runs the operation
// alone to count its statements, then once per position, on a fresh file each time. Nothing
// here depends on how the operation is written: only on the data it leaves behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrate';
import { seedDemoData } from '../src/core/db/seed';
import { addDemoUsers } from './helpers';

/** When the other process tried to write, and whether it could. */
export interface Interleaving {
  /** 1-based: it wrote just before this statement of the operation; 0 when it never tried. */
  readonly before: number;
  /** How many statements the operation ran when nobody interfered. */
  readonly of: number;
  /** That statement, as SQLite received it (bound values filled in). */
  readonly sql: string;
  /** False when it did not write: not its turn, or SQLITE_BUSY (the operation held the lock). */
  readonly committed: boolean;
}

export interface Scene {
  /** The application's connection, to a file with the schema, the demo products and users. */
  readonly db: Database;
  /** Reads what is committed now, through the other process's connection. */
  committed<T>(sql: string, ...params: unknown[]): T;
}

export interface InterleavingTest<S, R> {
  /** Runs first, unobserved: build the app, read an ETag. */
  setup(scene: Scene): Promise<S>;
  /** The operation under test: one request, say. */
  operation(scene: Scene, setup: S): Promise<R>;
  /** The other process's write, on its own connection. */
  otherProcess(other: Database): void;
  /** Checks one run; `interleaving.committed` says whether the other write happened. */
  check(result: R, interleaving: Interleaving, scene: Scene): void | Promise<void>;
}

/** "another process wrote just before statement 2 of 2 (UPDATE products SET …)" */
export function describeInterleaving(interleaving: Interleaving): string {
  if (interleaving.before === 0) return 'nobody else wrote';
  const where = `statement ${interleaving.before} of ${interleaving.of} (${interleaving.sql})`;
  return interleaving.committed
    ? `another process committed its write just before ${where}`
    : `another process tried to write just before ${where} and had to wait (SQLITE_BUSY)`;
}

/** Runs the operation alone, then with the other process writing before each statement. */
export async function inEveryInterleaving<S, R>(test: InterleavingTest<S, R>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day5-interleave-'));
  try {
    const alone = await runOnce(dir, 0, 0, test);
    if (alone.statements === 0) {
      throw new Error(
        'the operation ran no statement on the database the test gave the application',
      );
    }
    for (let before = 1; before <= alone.statements; before += 1) {
      await runOnce(dir, before, alone.statements, test);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runOnce<S, R>(
  dir: string,
  before: number,
  of: number,
  test: InterleavingTest<S, R>,
): Promise<{ statements: number }> {
  const file = path.join(dir, `run-${before}.db`);
  let armed = false;
  let statements = 0;
  let sql = '';
  let committed = false;
  let unexpected: unknown;
  const other = new BetterSqlite3(file, { timeout: 0 });
  const db = new BetterSqlite3(file, {
    verbose: (text) => {
      if (!armed) return;
      statements += 1;
      if (statements !== before) return;
      sql = oneLine(String(text));
      try {
        test.otherProcess(other);
        committed = true;
      } catch (error) {
        // Busy or locked: the operation holds the lock, so the other process must wait.
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !/^SQLITE_(BUSY|LOCKED)/.test(code)) unexpected = error;
      }
    },
  });
  try {
    // Durability is not what these tests are about: skip the fsyncs, keep the locking.
    db.pragma('synchronous = OFF');
    other.pragma('synchronous = OFF');
    migrate(db);
    seedDemoData(db);
    addDemoUsers(db);
    const scene: Scene = {
      db,
      committed: <T>(query: string, ...params: unknown[]) =>
        other.prepare(query).get(...params) as T,
    };
    const prepared = await test.setup(scene);
    armed = true;
    const result = await test.operation(scene, prepared);
    armed = false;
    if (unexpected !== undefined) throw unexpected;
    const interleaving = { before: committed || sql !== '' ? before : 0, of, sql, committed };
    await test.check(result, interleaving, scene);
    return { statements };
  } finally {
    other.close();
    db.close();
  }
}

function oneLine(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}
