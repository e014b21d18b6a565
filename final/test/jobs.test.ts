import type { Job } from '../src/core/jobs/job-queue';
import { JobWorker, PermanentJobError } from '../src/core/jobs/job-worker';
import { PURGE_REFRESH_TOKENS_JOB, WELCOME_MESSAGE_JOB } from '../src/modules/auth/auth.jobs';
import { PASSWORD, createTestApp } from './helpers/test-app';
import { TestClock } from './helpers/test-clock';

const backoff = { baseMs: 1000, maxMs: 60_000 };

async function setup(handlers: Record<string, (job: Job) => Promise<void>> = {}) {
  const clock = new TestClock();
  const t = await createTestApp({ clock });
  const queue = t.application.repositories.jobs;
  const worker = new JobWorker({
    queue,
    handlers,
    clock,
    logger: t.deps.logger,
    pollIntervalMs: 1000,
    backoff,
  });
  return { t, clock, worker, queue };
}

describe('job queue and worker', () => {
  it('runs a due job once and marks it done', async () => {
    const seen: unknown[] = [];
    const { t, worker, queue } = await setup({ greet: async (job) => void seen.push(job.payload) });
    const id = (await queue.enqueue('greet', { to: 'ada' }))!;
    expect(await worker.drain()).toBe(1);
    expect(seen).toEqual([{ to: 'ada' }]);
    expect((await queue.get(id))?.status).toBe('done');
    expect(await worker.drain()).toBe(0);
    await t.close();
  });

  it('does not run a job before its run_at', async () => {
    const { t, clock, worker, queue } = await setup({ later: async () => {} });
    await queue.enqueue('later', null, { runAt: clock.now() + 5000 });
    expect(await worker.drain()).toBe(0);
    clock.advance(5000);
    expect(await worker.drain()).toBe(1);
    await t.close();
  });

  it('retries a failing job with exponential backoff, then fails it for good', async () => {
    let calls = 0;
    const { t, clock, worker, queue } = await setup({
      flaky: async () => {
        calls += 1;
        throw new Error(`boom ${calls}`);
      },
    });
    const id = (await queue.enqueue('flaky', null, { maxAttempts: 4 }))!;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = clock.now();
      expect(await worker.drain()).toBe(1);
      const job = (await queue.get(id))!;
      expect(job.status).toBe('pending');
      expect(job.attempts).toBe(attempt);
      expect(job.lastError).toBe(`boom ${attempt}`);
      const delay = Date.parse(job.runAt) - before;
      delays.push(delay);
      // Not due yet: nothing runs until the backoff has passed.
      clock.advance(delay - 1);
      expect(await worker.drain()).toBe(0);
      clock.advance(1);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(await worker.drain()).toBe(1);
    expect(await queue.get(id)).toEqual(expect.objectContaining({ status: 'failed', attempts: 4 }));
    expect(calls).toBe(4);
    await t.close();
  });

  it('fails a job at once when its handler says retrying cannot help', async () => {
    const { t, worker, queue } = await setup({
      broken: async () => {
        throw new PermanentJobError('bad payload');
      },
    });
    const id = (await queue.enqueue('broken', null))!;
    await worker.drain();
    expect(await queue.get(id)).toEqual(expect.objectContaining({ status: 'failed', attempts: 1 }));
    await t.close();
  });

  it('fails a job of an unknown type without retrying', async () => {
    const { t, worker, queue } = await setup();
    const id = (await queue.enqueue('mystery', null))!;
    await worker.drain();
    expect((await queue.get(id))?.status).toBe('failed');
    await t.close();
  });

  it('enqueues a job with a unique key only once while it is pending', async () => {
    const { t, queue } = await setup();
    expect(await queue.enqueue('purge', null, { uniqueKey: 'k' })).toEqual(expect.any(Number));
    expect(await queue.enqueue('purge', null, { uniqueKey: 'k' })).toBeUndefined();
    await t.close();
  });

  it('stop() waits for the job in hand to finish and then stops polling', async () => {
    let release!: () => void;
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => {
      started = resolve;
    });
    const finished: string[] = [];
    const { t, worker, queue } = await setup({
      slow: async () => {
        started();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        finished.push('slow');
      },
    });
    const id = (await queue.enqueue('slow', null))!;
    const second = (await queue.enqueue('slow', null))!;
    await worker.start();
    await startedPromise;

    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toEqual(['slow']);
    expect((await queue.get(id))?.status).toBe('done');
    // The second job was left for the next process.
    expect((await queue.get(second))?.status).toBe('pending');
    await t.close();
  });

  it('requeues jobs a crashed process left running', async () => {
    const { t, clock, worker, queue } = await setup({ work: async () => {} });
    const id = (await queue.enqueue('work', null))!;
    await queue.claimNext(); // a process claims it, then dies
    clock.advance(11 * 60_000);
    await worker.start();
    await worker.stop();
    expect((await queue.get(id))?.status).toBe('pending');
    expect(await worker.drain()).toBe(1);
    await t.close();
  });
});

describe('application jobs', () => {
  it('writes the welcome message to the outbox once per user, even if the job runs twice', async () => {
    const clock = new TestClock();
    const t = await createTestApp({ clock });
    const worker = t.application.worker;
    await t.deps.services.auth.register({
      email: 'ada@example.com',
      password: PASSWORD,
      name: 'Ada',
    });
    expect(await worker.drain()).toBe(1);
    const user = await t.application.repositories.users.findByEmail('ada@example.com');
    await t.application.repositories.jobs.enqueue(WELCOME_MESSAGE_JOB, { userId: user!.id });
    await worker.drain();
    const outbox = await t.application.repositories.outbox.list();
    expect(outbox).toEqual([
      expect.objectContaining({
        recipient: 'ada@example.com',
        subject: 'Welcome!',
        dedupeKey: `welcome:${user!.id}`,
      }),
    ]);
    await t.close();
  });

  it('purges expired refresh tokens periodically, keeping live ones', async () => {
    const clock = new TestClock();
    const t = await createTestApp({ clock });
    const worker = t.application.worker;
    await t.deps.services.auth.register({
      email: 'bo@example.com',
      password: PASSWORD,
      name: 'Bo',
    });
    await t.deps.services.auth.login('bo@example.com', PASSWORD, {});
    await worker.start(); // schedules the recurring purge
    await worker.stop();
    await worker.drain();
    const count = () =>
      (t.db.prepare('SELECT COUNT(*) AS n FROM refresh_tokens').get() as { n: number }).n;
    expect(count()).toBe(1);

    clock.advance(t.config.jwt.refreshTokenTtlSeconds * 1000 + 1);
    await t.deps.services.auth.login('bo@example.com', PASSWORD, {});
    expect(count()).toBe(2);
    // The next purge was scheduled one interval after the previous run, and nothing else is due.
    const pending = t.db
      .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE type = ? AND status = 'pending'`)
      .get(PURGE_REFRESH_TOKENS_JOB) as { n: number };
    expect(pending.n).toBe(1);
    await worker.drain();
    expect(count()).toBe(1);
    await t.close();
  });
});
