// What Node.js (22, 24 and 26) and Jest 30 do by themselves with asynchronous context and with
// errors, as the lesson states it (§ 1 and § 4). These pass on the starter: they are facts about
// the platform, not about this API.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { types } from 'node:util';

/** A store that names the job a piece of work belongs to (any value would do). */
const job = new AsyncLocalStorage<string>();

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AsyncLocalStorage', () => {
  it('follows a run() through awaits, timers and promise callbacks, and nowhere else', async () => {
    const seen: Record<string, string | undefined> = {};
    const done = job.run('job-1', async () => {
      await tick();
      seen['after an await'] = job.getStore();
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          seen['in a timer callback'] = job.getStore();
          resolve();
        }, 1),
      );
      await Promise.resolve().then(() => {
        seen['in a then() callback'] = job.getStore();
      });
    });
    seen['after run() returned, outside it'] = job.getStore();
    await done;
    expect(seen).toEqual({
      'after run() returned, outside it': undefined,
      'after an await': 'job-1',
      'in a timer callback': 'job-1',
      'in a then() callback': 'job-1',
    });
  });

  it('keeps interleaved runs apart, where one shared variable would not', async () => {
    let shared: string | undefined;
    const lines: string[] = [];
    const work = (name: string, wait: number) =>
      job.run(name, async () => {
        shared = name;
        await new Promise((resolve) => setTimeout(resolve, wait));
        lines.push(`${name}: store says ${job.getStore()}, variable says ${shared}`);
      });
    await Promise.all([work('job-a', 10), work('job-b', 1)]);
    expect(lines.sort()).toEqual([
      'job-a: store says job-a, variable says job-b',
      'job-b: store says job-b, variable says job-b',
    ]);
  });

  it("is lost in a response's 'close' listener when the client went away first", async () => {
    const seen: Record<string, string | undefined> = {};
    const server = http.createServer((req, res) => {
      job.run(String(req.url), () => {
        res.on('close', () => {
          seen[`'close' of ${req.url}`] = job.getStore();
        });
        if (req.url === '/answered') res.end('ok');
        // '/abandoned' is never answered: the client gives up.
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) =>
      http.get({ port, host: '127.0.0.1', path: '/answered' }, (res) => {
        res.resume().on('end', resolve);
      }),
    );
    const abandoned = http.get({ port, host: '127.0.0.1', path: '/abandoned' });
    abandoned.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    abandoned.destroy();
    for (let i = 0; i < 50 && Object.keys(seen).length < 2; i++) await tick();
    server.close();
    // The answer was ended inside the run, so its 'close' belongs to it; the abandoned one is
    // closed by the socket, which belongs to no run.
    expect(seen).toEqual({
      "'close' of /answered": '/answered',
      "'close' of /abandoned": undefined,
    });
  });
});

describe('errors and JSON', () => {
  it('JSON.stringify keeps none of an Error’s message, stack or cause', () => {
    const error = new Error('the disk is full', { cause: new Error('ENOSPC') });
    expect(JSON.stringify({ error })).toBe('{"error":{}}');
    expect(Object.getOwnPropertyNames(error).sort()).toEqual(['cause', 'message', 'stack']);
    expect(Object.keys(error)).toEqual([]);
  });

  it('inside Jest, an error Node.js raised is no `instanceof Error`, yet is a native error', () => {
    let raised: unknown;
    try {
      fs.readFileSync(path.join(os.tmpdir(), 'no-such-folder-day9', 'file'));
    } catch (error) {
      raised = error;
    }
    expect({
      instanceofError: raised instanceof Error,
      isNativeError: types.isNativeError(raised),
    }).toEqual({ instanceofError: false, isNativeError: true });
  });
});
