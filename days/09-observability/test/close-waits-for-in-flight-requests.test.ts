import type http from 'node:http';
import { startHttpServer } from '../src/core/http/http-server';

/** A handler that holds each request open until the test releases it by its path. */
function heldRequests(events: string[]) {
  const arrivals = new Map<string, () => void>();
  const held = new Map<string, { finish: () => void; answered: Promise<void> }>();
  const handler: http.RequestListener = (req, res) => {
    const path = req.url ?? '';
    const answered = new Promise<void>((resolve) => {
      res.on('finish', () => {
        events.push(`${path} answered`);
        resolve();
      });
    });
    held.set(path, { finish: () => res.end(`finished ${path}`), answered });
    arrivals.get(path)?.();
  };
  return {
    handler,
    /** Resolves once the request for `path` has reached the handler. */
    arrived: (path: string) =>
      new Promise<void>((resolve) => {
        arrivals.set(path, resolve);
      }),
    /** Lets the handler answer `path`; resolves once the response has been written. */
    release: async (path: string) => {
      const request = held.get(path);
      events.push(`${path} released`);
      request?.finish();
      await request?.answered;
    },
    releaseAll: () => {
      for (const request of held.values()) request.finish();
    },
  };
}

/** A few turns of the event loop and a short timer: time enough for a wrong close() to settle. */
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 20));
/** Waits for `promise`, but no longer than a second: a close() that never settles fails here. */
async function atMostASecond(promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
  clearTimeout(timer);
}

describe('close() stops the server without dropping in-flight requests', () => {
  it('resolves only after the last in-flight request has been answered', async () => {
    const events: string[] = [];
    const held = heldRequests(events);
    const running = await startHttpServer(held.handler, { host: '127.0.0.1', port: 0 });
    // Two connections, each with a request the handler holds open.
    const first = held.arrived('/first');
    const second = held.arrived('/second');
    const replies = ['/first', '/second'].map((path) =>
      fetch(`${running.url}${path}`, { headers: { connection: 'close' } }).then((r) => r.text()),
    );
    try {
      await Promise.all([first, second]);
      const closing = running.close().then(
        () => events.push('close() resolved'),
        (error: unknown) => events.push(`close() rejected: ${String(error)}`),
      );
      await aMoment();
      await held.release('/first');
      await aMoment();
      await held.release('/second');
      await atMostASecond(closing);
      expect(events).toEqual([
        '/first released',
        '/first answered',
        '/second released',
        '/second answered',
        'close() resolved',
      ]);
      await expect(Promise.all(replies)).resolves.toEqual(['finished /first', 'finished /second']);
    } finally {
      // Whatever happened above, never leave a request or a listening socket behind.
      held.releaseAll();
      await Promise.allSettled(replies);
      running.server.closeAllConnections();
      if (running.server.listening) running.server.close();
    }
  });

  it("rejects with Node's own error when the server is not running", async () => {
    const running = await startHttpServer((_req, res) => res.end('ok'), {
      host: '127.0.0.1',
      port: 0,
    });
    await running.close();
    // Node's errors come from outside Jest's sandbox, where instanceof Error is false.
    const codeOf = (error: unknown) =>
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : error;
    const secondClose = await running.close().then(
      () => 'the second close() resolved',
      (error: unknown) => `the second close() rejected with ${codeOf(error)}`,
    );
    expect(secondClose).toBe('the second close() rejected with ERR_SERVER_NOT_RUNNING');
  });
});
