// PostgreSQL, the engine for several instances on one database (DATABASE_URL). What changes
// from SQLite (database.ts), in one place:
// - SQLite through better-sqlite3 is synchronous: a transaction runs to completion on the event
//   loop, so nothing of this process can interleave with it, and BEGIN IMMEDIATE makes every
//   other process wait for the single writer. Here every query is a network round trip: at each
//   `await` inside a transaction, other requests of this instance and every other instance run
//   their own transactions on their own connections. Correctness comes from the database
//   instead: a unique index rejects the second insert, `SELECT … FOR UPDATE` makes a
//   read-then-write wait for the row (refresh-token rotation, a product's If-Match check, the
//   last-admin rule), and REPEATABLE READ gives a page and its total one snapshot.
// - A connection is borrowed from a bounded pool for each query, or for the whole transaction
//   (`transaction`), and returned afterwards.
// - The errors are translated here, once, into core/db/errors.ts: nothing above the
//   repositories knows which engine answered.
import pg from 'pg';
import { DatabaseBusyError, DatabaseUnavailableError, UniqueViolationError } from './errors';

export interface SqlResult<R> {
  readonly rows: R[];
  /** Rows inserted, updated or deleted (0 for a SELECT). */
  readonly rowCount: number;
}

/** What a repository runs SQL through: the database itself, or one transaction. */
export interface SqlExecutor {
  /** `text` uses $1, $2… placeholders; values are always bound, never spliced into it. */
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<SqlResult<R>>;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** READ COMMITTED (PostgreSQL's default) unless a use case needs one snapshot or more. */
  readonly isolation?: IsolationLevel;
  readonly readOnly?: boolean;
}

/**
 * A PostgreSQL database as the repositories see it. `query` runs one statement on any pooled
 * connection (one statement is atomic on its own); `transaction` runs a unit of work on one
 * connection, commits it, and retries it from the start when PostgreSQL aborted it to resolve
 * a conflict (a serialization failure or a deadlock), a bounded number of times.
 */
export interface PostgresDatabase extends SqlExecutor {
  readonly engine: 'postgres';
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Readiness: true when a connection can be had and answers `SELECT 1`. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** What a driver provides; the pool below (node-postgres) and tests (PGlite) supply it. */
export interface PostgresDriver {
  query(text: string, params?: readonly unknown[]): Promise<SqlResult<Record<string, unknown>>>;
  /** Runs `work` between BEGIN and COMMIT on one connection; ROLLBACK when it throws. */
  inTransaction<T>(begin: string, work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How many times a unit of work runs when PostgreSQL keeps aborting it for a conflict. */
export const MAX_TRANSACTION_ATTEMPTS = 3;

export interface PoolOptions {
  /** At most this many connections per instance (DB_POOL_MAX). */
  readonly max: number;
  /** How long a query waits for a free connection or a new one (DB_CONNECT_TIMEOUT_MS). */
  readonly connectionTimeoutMs: number;
  /** The server cancels a statement running longer than this (DB_STATEMENT_TIMEOUT_MS). */
  readonly statementTimeoutMs: number;
  /** Called for an error on an idle pooled connection (the server restarted, say). */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * Opens a bounded node-postgres pool on `target` (a postgres:// URL, or a pg connection config:
 * tests pass PGlite's). Nothing connects yet: the first query does, so a database that is down
 * at this moment is a 503 later, not a crash now.
 */
export function openPostgres(
  target: string | pg.PoolConfig,
  options: PoolOptions,
): PostgresDatabase {
  const pool = new pg.Pool({
    ...(typeof target === 'string' ? { connectionString: target } : target),
    max: options.max,
    // Waiting for a connection (the pool is exhausted, or the server does not answer) ends
    // with an error after this long, which translates to DatabaseUnavailableError (503).
    connectionTimeoutMillis: options.connectionTimeoutMs,
    // Sent as a session setting on every new connection: a runaway query is cancelled by the
    // server (57014), which translates to DatabaseBusyError (503).
    statement_timeout: options.statementTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'enterprise-express',
  });
  // An idle connection whose server goes away emits 'error' on the pool; unhandled, it would
  // crash the process. The pool drops that connection and opens a new one when needed.
  pool.on('error', (error) => options.onIdleError?.(error));
  return postgresDatabase({
    query: (text, params) => pool.query(text, params as unknown[] | undefined).then(result),
    inTransaction: async (begin, work) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const value = await work(
          executor((text, params) =>
            client.query(text, params as unknown[] | undefined).then(result),
          ),
        );
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection itself failed: do not give it back to the pool.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  });
}

/**
 * A driver's untyped query as a SqlExecutor. The row type a repository names is its claim
 * about the SQL it wrote (the columns it selects), checked by the contract suite, not here.
 */
export function executor(
  run: (text: string, params?: readonly unknown[]) => Promise<SqlResult<Record<string, unknown>>>,
): SqlExecutor {
  return {
    query: <R>(text: string, params?: readonly unknown[]) =>
      run(text, params) as Promise<SqlResult<R>>,
  };
}

// Several statements in one text (a migration) give one result per statement: keep the last.
function result(r: pg.QueryResult | pg.QueryResult[]): SqlResult<Record<string, unknown>> {
  const last = Array.isArray(r) ? r.at(-1) : r;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
}

/** Builds the engine's behaviour (retries, error translation) on top of a driver. */
export function postgresDatabase(driver: PostgresDriver): PostgresDatabase {
  return {
    engine: 'postgres',
    async query<R>(text: string, params?: readonly unknown[]) {
      try {
        return (await driver.query(text, params)) as SqlResult<R>;
      } catch (error) {
        throw translatePostgresError(error);
      }
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}) {
      const begin = [
        'BEGIN ISOLATION LEVEL',
        (options.isolation ?? 'read committed').toUpperCase(),
        options.readOnly === true ? 'READ ONLY' : 'READ WRITE',
      ].join(' ');
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await driver.inTransaction(begin, work);
        } catch (error) {
          // The transaction was rolled back as a whole, so running `work` again from the
          // start is safe; past the bound, the client hears 503 and retries later.
          if (isConflict(error) && attempt < MAX_TRANSACTION_ATTEMPTS) continue;
          throw translatePostgresError(error);
        }
      }
    },
    async ping() {
      try {
        await driver.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => driver.close(),
  };
}

// SQLSTATE codes (PostgreSQL manual, appendix A) this module acts on.
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
const QUERY_CANCELED = '57014'; // statement_timeout
const LOCK_NOT_AVAILABLE = '55P03'; // lock_timeout
const TOO_MANY_CONNECTIONS = '53300';
const SERVER_GOING_AWAY = ['57P01', '57P02', '57P03']; // shutdown, crash, not accepting yet
const NETWORK_ERRORS = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
}

/**
 * PostgreSQL's and the driver's errors in engine-neutral words, with the original as `cause`
 * (for the log; the client never sees its message or SQL). Anything not listed is a bug and
 * passes unchanged (a 500, logged).
 */
export function translatePostgresError(error: unknown): unknown {
  if (error instanceof UniqueViolationError) return error;
  if (error instanceof DatabaseBusyError || error instanceof DatabaseUnavailableError) return error;
  const code = codeOf(error);
  if (code === UNIQUE_VIOLATION) return new UniqueViolationError(undefined, { cause: error });
  if (code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED) {
    return new DatabaseBusyError(1, { cause: error });
  }
  if (code === QUERY_CANCELED || code === LOCK_NOT_AVAILABLE) {
    return new DatabaseBusyError(1, { cause: error });
  }
  if (
    code === TOO_MANY_CONNECTIONS ||
    (code !== undefined && (code.startsWith('08') || SERVER_GOING_AWAY.includes(code))) ||
    (code !== undefined && NETWORK_ERRORS.includes(code)) ||
    isPoolOrConnectionLoss(error)
  ) {
    return new DatabaseUnavailableError(5, { cause: error });
  }
  return error;
}

// node-postgres reports these without a code: the pool's wait for a connection timing out,
// and a connection closed under a query.
function isPoolOrConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error) || codeOf(error) !== undefined) return false;
  return /timeout exceeded when trying to connect|Connection terminated|connection timeout/i.test(
    error.message,
  );
}

/**
 * Runs a write whose unique violation the client should hear about in the repository's words
 * ("An account with this email already exists") rather than the generic ones.
 */
export async function withUniqueMessage<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof UniqueViolationError) {
      throw new UniqueViolationError(message, { cause: error.cause });
    }
    throw error;
  }
}

/** The row of a statement that always returns one (INSERT … RETURNING, COUNT). */
export function first<R>(rows: readonly R[]): R {
  const row = rows[0];
  if (row === undefined) throw new Error('Expected a row from the database, got none');
  return row;
}
