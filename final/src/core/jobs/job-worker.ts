import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { Job, JobQueue } from './job-queue';

export type JobHandler = (job: Job) => Promise<void>;

export interface RecurringJob {
  readonly type: string;
  readonly everyMs: number;
}

export interface JobWorkerOptions {
  readonly queue: JobQueue;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pollIntervalMs: number;
  /** First retry after `baseMs`, doubling per attempt, never more than `maxMs`. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly recurring?: readonly RecurringJob[];
  readonly staleAfterMs?: number;
  readonly onJobFinished?: (job: Job, outcome: 'done' | 'retry' | 'failed') => void;
}

/** Delay before the next attempt after `attempts` failed ones: base * 2^(attempts-1), capped. */
export function backoffDelay(attempts: number, backoff: { baseMs: number; maxMs: number }): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Runs due jobs one at a time. `stop()` stops polling and waits for the job in hand, so
 * shutdown never abandons a job halfway (it would be retried, but later and twice).
 */
export class JobWorker {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private current: Promise<unknown> = Promise.resolve();
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly recurring: Map<string, RecurringJob>;

  constructor(private readonly options: JobWorkerOptions) {
    this.backoff = options.backoff ?? { baseMs: 1000, maxMs: 15 * 60_000 };
    this.recurring = new Map((options.recurring ?? []).map((job) => [job.type, job]));
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    const recovered = await this.options.queue.recoverStale(
      this.options.staleAfterMs ?? 10 * 60_000,
    );
    if (recovered > 0) this.options.logger.warn('requeued interrupted jobs', { count: recovered });
    for (const job of this.recurring.values()) {
      await this.options.queue.enqueue(job.type, null, { uniqueKey: `recurring:${job.type}` });
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
    this.running = false;
  }

  /** Runs every job that is due now; returns how many ran. Tests and scripts call it directly. */
  async drain(): Promise<number> {
    let count = 0;
    while (await this.runOnce()) count++;
    return count;
  }

  /** Claims and runs one due job. Returns false when nothing was due. */
  async runOnce(): Promise<boolean> {
    // Track claim and processing together: stop() must also wait for a job being claimed.
    const work = this.claimAndProcess();
    this.current = work.catch(() => undefined);
    return work;
  }

  private async claimAndProcess(): Promise<boolean> {
    const job = await this.options.queue.claimNext();
    if (job === undefined) return false;
    await this.process(job);
    return true;
  }

  /** Like drain(), but gives up between jobs once stop() was called. */
  private async poll(): Promise<void> {
    while (!this.stopping && (await this.runOnce())) {}
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.poll()
        .catch((error: unknown) => this.options.logger.error('job polling failed', { error }))
        .finally(() => this.schedule(this.options.pollIntervalMs));
    }, delayMs);
    // The HTTP server keeps the process alive; an idle poll timer must not.
    this.timer.unref();
  }

  private async process(job: Job): Promise<void> {
    const { queue, handlers, clock, logger } = this.options;
    const log = logger.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    const recurring = this.recurring.get(job.type);
    const next = recurring && { runAt: clock.now() + recurring.everyMs };
    const handler = handlers[job.type];

    try {
      if (handler === undefined) throw new PermanentJobError(`no handler for job type ${job.type}`);
      await handler(job);
      await queue.complete(job, next);
      log.info('job done');
      this.options.onJobFinished?.(job, 'done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryable = !(error instanceof PermanentJobError) && job.attempts < job.maxAttempts;
      const retryAt = retryable
        ? clock.now() + backoffDelay(job.attempts, this.backoff)
        : undefined;
      await queue.fail(job, message, retryAt, next);
      if (retryAt)
        log.warn('job failed, will retry', { error, retryAt: new Date(retryAt).toISOString() });
      else log.error('job failed permanently', { error });
      this.options.onJobFinished?.(job, retryAt ? 'retry' : 'failed');
    }
  }
}

/** Thrown by a handler when retrying cannot help (bad payload, unknown type). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
