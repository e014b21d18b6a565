import type { Clock } from '../clock';
import { type Database, translateErrors, writeTransaction } from '../db/database';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface Job {
  readonly id: number;
  readonly type: string;
  readonly payload: unknown;
  readonly status: JobStatus;
  /** Attempts started so far, including the current one while running. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: string;
  readonly uniqueKey: string | null;
  readonly lastError: string | null;
}

export interface EnqueueOptions {
  /** When the job becomes due, in ms since the epoch (the clock's unit); now by default. */
  readonly runAt?: number;
  readonly maxAttempts?: number;
  /** While a job with this key is pending or running, enqueueing another is a no-op. */
  readonly uniqueKey?: string;
}

export interface JobRow {
  id: number;
  type: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  unique_key: string | null;
  last_error: string | null;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * A durable job queue: jobs survive restarts, and two workers (in one process or in several
 * instances on one database) never take the same job. The worker and the job handlers see
 * only this; SqliteJobQueue below and PostgresJobQueue (job-queue.postgres.ts) implement it.
 */
export interface JobQueue {
  /** Returns the job's id, or undefined when a job with the same unique key is active. */
  enqueue(type: string, payload: unknown, options?: EnqueueOptions): Promise<number | undefined>;
  /** Takes the oldest due job and marks it running, or returns undefined if none is due. */
  claimNext(): Promise<Job | undefined>;
  /** Marks a job done and, for recurring work, schedules the next run in the same commit. */
  complete(job: Job, next?: { runAt: number }): Promise<void>;
  /** Puts the job back for a retry at `retryAt`, or fails it for good when that is undefined. */
  fail(
    job: Job,
    error: string,
    retryAt: number | undefined,
    next?: { runAt: number },
  ): Promise<void>;
  /** Resets jobs left `running` for `staleAfterMs` by a process that died; returns how many. */
  recoverStale(staleAfterMs: number): Promise<number>;
  get(id: number): Promise<Job | undefined>;
}

/**
 * The job queue in SQLite. Claiming is one immediate transaction: the write lock lets one
 * worker at a time read the oldest due job and mark it running.
 */
export class SqliteJobQueue implements JobQueue {
  private readonly insert;
  private readonly selectDue;
  private readonly markRunning;
  private readonly markDone;
  private readonly markRetry;
  private readonly markFailed;
  private readonly resetStale;
  private readonly selectById;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(`
      INSERT INTO jobs (type, payload, status, attempts, max_attempts, run_at, unique_key, created_at, updated_at)
      VALUES (@type, @payload, 'pending', 0, @maxAttempts, @runAt, @uniqueKey, @now, @now)
      ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND status IN ('pending', 'running')
      DO NOTHING`);
    this.selectDue = db.prepare(
      `SELECT * FROM jobs WHERE status = 'pending' AND run_at <= ? ORDER BY run_at, id LIMIT 1`,
    );
    this.markRunning = db.prepare(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? RETURNING *`,
    );
    this.markDone = db.prepare(`UPDATE jobs SET status = 'done', updated_at = ? WHERE id = ?`);
    this.markRetry = db.prepare(
      `UPDATE jobs SET status = 'pending', run_at = ?, last_error = ?, updated_at = ? WHERE id = ?`,
    );
    this.markFailed = db.prepare(
      `UPDATE jobs SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`,
    );
    this.resetStale = db.prepare(
      `UPDATE jobs SET status = 'pending', updated_at = ? WHERE status = 'running' AND updated_at <= ?`,
    );
    this.selectById = db.prepare('SELECT * FROM jobs WHERE id = ?');
  }

  async enqueue(
    type: string,
    payload: unknown,
    options: EnqueueOptions = {},
  ): Promise<number | undefined> {
    return translateErrors(() => this.enqueueInTransaction(type, payload, options));
  }

  /**
   * Synchronous enqueue for use inside another SQLite transaction, so a job is committed
   * together with the row that caused it (a user and their welcome message), or not at all.
   * Returns undefined when a pending job with the same unique key already exists.
   */
  enqueueInTransaction(
    type: string,
    payload: unknown,
    options: EnqueueOptions = {},
  ): number | undefined {
    const now = this.clock.now();
    const result = this.insert.run({
      type,
      payload: JSON.stringify(payload ?? null),
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      runAt: new Date(options.runAt ?? now).toISOString(),
      uniqueKey: options.uniqueKey ?? null,
      now: new Date(now).toISOString(),
    });
    return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
  }

  /** Takes the oldest due job and marks it running, or returns undefined if none is due. */
  async claimNext(): Promise<Job | undefined> {
    return writeTransaction(this.db, () => {
      const now = this.now();
      const due = this.selectDue.get(now) as JobRow | undefined;
      if (due === undefined) return undefined;
      return toJob(this.markRunning.get(now, due.id) as JobRow);
    });
  }

  /** Marks a job done and, for recurring work, schedules the next run in the same commit. */
  async complete(job: Job, next?: { runAt: number }): Promise<void> {
    writeTransaction(this.db, () => {
      this.markDone.run(this.now(), job.id);
      if (next) this.reschedule(job, next.runAt);
    });
  }

  /** Puts the job back for a retry at `retryAt`, or fails it for good when that is undefined. */
  async fail(
    job: Job,
    error: string,
    retryAt: number | undefined,
    next?: { runAt: number },
  ): Promise<void> {
    writeTransaction(this.db, () => {
      const now = this.now();
      if (retryAt !== undefined) {
        this.markRetry.run(new Date(retryAt).toISOString(), error, now, job.id);
        return;
      }
      this.markFailed.run(error, now, job.id);
      if (next) this.reschedule(job, next.runAt);
    });
  }

  /**
   * Jobs left `running` by a process that died. Only jobs untouched for `staleAfterMs` are
   * reset, so a job another live instance is working on is not taken twice.
   */
  async recoverStale(staleAfterMs: number): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now - staleAfterMs).toISOString();
    return this.resetStale.run(new Date(now).toISOString(), cutoff).changes;
  }

  async get(id: number): Promise<Job | undefined> {
    const row = this.selectById.get(id) as JobRow | undefined;
    return row && toJob(row);
  }

  private reschedule(job: Job, runAt: number): void {
    this.enqueueInTransaction(job.type, job.payload, {
      runAt,
      maxAttempts: job.maxAttempts,
      uniqueKey: job.uniqueKey ?? undefined,
    });
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    payload: JSON.parse(row.payload),
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    uniqueKey: row.unique_key,
    lastError: row.last_error,
  };
}
