import type http from 'node:http';
import { startHttpServer } from '../src/core/http/http-server';

const hello: http.RequestListener = (_req, res) => {
  res.end('hello');
};

describe('startHttpServer', () => {
  it('listens on the port the OS picks when asked for port 0 and reports it in the URL', async () => {
    const running = await startHttpServer(hello, { host: '127.0.0.1', port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(running.url);
      expect(await res.text()).toBe('hello');
    } finally {
      await running.close();
    }
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const first = await startHttpServer(hello, { host: '127.0.0.1', port: 0 });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startHttpServer(hello, { host: '127.0.0.1', port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await first.close();
    }
  });

  it('refuses new connections once closed', async () => {
    const running = await startHttpServer(hello, { host: '127.0.0.1', port: 0 });
    await running.close();
    expect(running.server.listening).toBe(false);
    await expect(fetch(running.url)).rejects.toThrow();
  });
});
