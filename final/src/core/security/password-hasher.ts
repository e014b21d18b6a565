import { Worker } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** Stops the hashing threads; pending calls are rejected. */
  close(): Promise<void>;
}

/**
 * bcryptjs is pure JavaScript. Measured on this project's 2-core CI machine, one hash at
 * cost 12 blocks the event loop for ~330 ms when synchronous, and its async variant still
 * blocks in ~100 ms slices: every request waits behind a login. So production hashes on a
 * pool of worker threads, and the event loop only passes messages.
 *
 * `threads: 0` hashes on the main thread with the async API. Tests use it with cost 4,
 * where a hash takes well under a millisecond of work.
 */
export function createPasswordHasher(options: { cost: number; threads: number }): PasswordHasher {
  return options.threads > 0
    ? new ThreadPoolHasher(options.cost, options.threads)
    : new MainThreadHasher(options.cost);
}

class MainThreadHasher implements PasswordHasher {
  constructor(private readonly cost: number) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  async close(): Promise<void> {}
}

type Task =
  | { id: number; op: 'hash'; password: string; cost: number }
  | { id: number; op: 'verify'; password: string; hash: string };

interface Pending {
  task: Task;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  current: Pending | undefined;
}

// Evaluated as CommonJS inside each thread. Inline source works the same under tsx, node
// (dist) and Jest, none of which can share one worker file path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
// Linux: lower this thread's scheduling priority (nice 10, this thread only), so when the CPUs
// are busy the event loop serving requests runs first and hashing takes the time left over.
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) require('node:os').setPriority(tid, 10);
} catch {}
parentPort.on('message', (task) => {
  try {
    const result = task.op === 'hash'
      ? bcrypt.hashSync(task.password, task.cost)
      : bcrypt.compareSync(task.password, task.hash);
    parentPort.postMessage({ id: task.id, result });
  } catch (error) {
    parentPort.postMessage({ id: task.id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

class ThreadPoolHasher implements PasswordHasher {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly bcryptPath = require.resolve('bcryptjs');

  constructor(
    private readonly cost: number,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  hash(password: string): Promise<string> {
    return this.submit({
      id: this.nextId++,
      op: 'hash',
      password,
      cost: this.cost,
    }) as Promise<string>;
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.submit({ id: this.nextId++, op: 'verify', password, hash }) as Promise<boolean>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('password hasher closed');
    for (const pending of this.queue.splice(0)) pending.reject(error);
    await Promise.all(
      this.workers.map(async (entry) => {
        entry.current?.reject(error);
        entry.current = undefined;
        await entry.worker.terminate();
      }),
    );
  }

  private submit(task: Task): Promise<string | boolean> {
    if (this.closed) return Promise.reject(new Error('password hasher closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const entry of this.workers) {
      if (entry.current !== undefined) continue;
      const next = this.queue.shift();
      if (next === undefined) break;
      entry.current = next;
      // Hold the process open only while a thread is working.
      entry.worker.ref();
      entry.worker.postMessage(next.task);
    }
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bcryptPath: this.bcryptPath },
    });
    const entry: PoolWorker = { worker, current: undefined };
    worker.unref();

    worker.on('message', (message: { id: number; result?: string | boolean; error?: string }) => {
      const pending = entry.current;
      if (pending === undefined || pending.task.id !== message.id) return;
      entry.current = undefined;
      worker.unref();
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result as string | boolean);
      this.dispatch();
    });

    // A crashed thread fails only its own task and is replaced, so the pool keeps its size.
    const replace = (error: Error) => {
      entry.current?.reject(error);
      entry.current = undefined;
      const index = this.workers.indexOf(entry);
      if (index === -1 || this.closed) return;
      this.workers[index] = this.spawn();
      this.dispatch();
    };
    worker.on('error', replace);
    worker.on('exit', (code) => {
      if (!this.closed) replace(new Error(`password hashing thread exited with code ${code}`));
    });
    return entry;
  }
}
