import type { Clock } from '../clock';
import type { PostgresDatabase, SqlExecutor } from '../db/postgres';
import {
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueOptions,
  type Job,
  type JobQueue,
  type JobRow,
  toJob,
} from './job-queue';

/**
 * The job queue on PostgreSQL, for several instances sharing one database. Day 12's mechanism,
 * unchanged in spirit: a job row is claimed by marking it running. What replaces SQLite's
 * single writer is `FOR UPDATE SKIP LOCKED`: each worker locks the oldest due row no other
 * transaction holds, skipping the locked ones instead of waiting for them, so N instances
 * claim N different jobs at once and never the same one twice.
 */
export class PostgresJobQueue implements JobQueue {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly clock: Clock,
  ) {}

  async enqueue(
    type: string,
    payload: unknown,
    options: EnqueueOptions = {},
  ): Promise<number | undefined> {
    return insertJob(this.db, this.clock, type, payload, options);
  }

  async claimNext(): Promise<Job | undefined> {
    const now = this.now();
    // One statement: the subquery picks and locks the row, the UPDATE marks it; the lock is
    // held until this statement's implicit transaction commits.
    const { rows } = await this.db.query<JobRow>(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = $1
       WHERE id = (
         SELECT id FROM jobs WHERE status = 'pending' AND run_at <= $1
         ORDER BY run_at, id LIMIT 1
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now],
    );
    const row = rows[0];
    return row && toJob(row);
  }

  async complete(job: Job, next?: { runAt: number }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE jobs SET status = 'done', updated_at = $1 WHERE id = $2`, [
        this.now(),
        job.id,
      ]);
      if (next) await this.reschedule(tx, job, next.runAt);
    });
  }

  async fail(
    job: Job,
    error: string,
    retryAt: number | undefined,
    next?: { runAt: number },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const now = this.now();
      if (retryAt !== undefined) {
        await tx.query(
          `UPDATE jobs SET status = 'pending', run_at = $1, last_error = $2, updated_at = $3 WHERE id = $4`,
          [new Date(retryAt).toISOString(), error, now, job.id],
        );
        return;
      }
      await tx.query(
        `UPDATE jobs SET status = 'failed', last_error = $1, updated_at = $2 WHERE id = $3`,
        [error, now, job.id],
      );
      if (next) await this.reschedule(tx, job, next.runAt);
    });
  }

  async recoverStale(staleAfterMs: number): Promise<number> {
    const now = this.clock.now();
    const { rowCount } = await this.db.query(
      `UPDATE jobs SET status = 'pending', updated_at = $1 WHERE status = 'running' AND updated_at <= $2`,
      [new Date(now).toISOString(), new Date(now - staleAfterMs).toISOString()],
    );
    return rowCount;
  }

  async get(id: number): Promise<Job | undefined> {
    const { rows } = await this.db.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
    const row = rows[0];
    return row && toJob(row);
  }

  private reschedule(tx: SqlExecutor, job: Job, runAt: number): Promise<number | undefined> {
    return insertJob(tx, this.clock, job.type, job.payload, {
      runAt,
      maxAttempts: job.maxAttempts,
      uniqueKey: job.uniqueKey ?? undefined,
    });
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/**
 * Inserts a job through `sql`: the database, or a transaction that commits the job together
 * with the row that caused it (a user and their welcome message). Returns undefined when an
 * active job with the same unique key exists.
 */
export async function insertJob(
  sql: SqlExecutor,
  clock: Clock,
  type: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<number | undefined> {
  const now = clock.now();
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO jobs (type, payload, status, attempts, max_attempts, run_at, unique_key, created_at, updated_at)
     VALUES ($1, $2, 'pending', 0, $3, $4, $5, $6, $6)
     ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running')
     DO NOTHING
     RETURNING id`,
    [
      type,
      JSON.stringify(payload ?? null),
      options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      new Date(options.runAt ?? now).toISOString(),
      options.uniqueKey ?? null,
      new Date(now).toISOString(),
    ],
  );
  return rows[0]?.id;
}
