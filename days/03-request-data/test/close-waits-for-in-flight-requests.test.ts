import type http from 'node:http';
import { startHttpServer } from '../src/core/http/http-server';

/** A handler that holds each request open until the test releases it. */
function heldHandler() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived: () => void = () => {};
  const requestArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const handler: http.RequestListener = (_req, res) => {
    arrived();
    void released.then(() => res.end('finished'));
  };
  return { handler, release, requestArrived };
}

describe('close() stops the server without dropping in-flight requests', () => {
  it('resolves only after the in-flight request has been answered', async () => {
    const { handler, release, requestArrived } = heldHandler();
    const running = await startHttpServer(handler, { host: '127.0.0.1', port: 0 });

    const inFlight = fetch(running.url, { headers: { connection: 'close' } }).then((r) => r.text());
    try {
      await requestArrived;

      let closed = false;
      const closing = running.close().then(() => {
        closed = true;
      });
      // Let the event loop turn a few times: a correct close() is still waiting.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(closed).toBe(false);

      release();
      await expect(inFlight).resolves.toBe('finished');
      await closing;
      expect(closed).toBe(true);
    } finally {
      // Whatever happened above, never leave a request or a listening socket behind.
      release();
      await inFlight.catch(() => {});
      running.server.closeAllConnections();
      running.server.close();
    }
  });

  it('refuses new connections once closed', async () => {
    const running = await startHttpServer((_req, res) => res.end('ok'), {
      host: '127.0.0.1',
      port: 0,
    });
    await running.close();
    expect(running.server.listening).toBe(false);
    await expect(fetch(running.url)).rejects.toThrow();
  });

  it('rejects when closing a server that is not running', async () => {
    const running = await startHttpServer((_req, res) => res.end('ok'), {
      host: '127.0.0.1',
      port: 0,
    });
    await running.close();
    await expect(running.close()).rejects.toThrow(/not running/);
  });
});
