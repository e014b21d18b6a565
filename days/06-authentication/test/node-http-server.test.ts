// What Node's HTTP server does by itself, shown on the Node you run: the defaults the lesson
// quotes, and the close() behaviour that exercise 1.3 builds on.
import { once } from 'node:events';
import http from 'node:http';

describe("Node's HTTP server", () => {
  it('starts with 16 KiB of headers, 60 s to receive them, 300 s per request and 5 s of keep-alive', () => {
    const server = http.createServer();
    expect({
      maxHeaderSize: http.maxHeaderSize,
      headersTimeout: server.headersTimeout,
      requestTimeout: server.requestTimeout,
      keepAliveTimeout: server.keepAliveTimeout,
    }).toEqual({
      maxHeaderSize: 16 * 1024,
      headersTimeout: 60_000,
      requestTimeout: 300_000,
      keepAliveTimeout: 5_000,
    });
  });

  it('closes idle keep-alive connections when close() is called (Node 19 and later)', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const agent = new http.Agent({ keepAlive: true });
    try {
      // One request; afterwards its connection idles in the agent's pool, open.
      await new Promise<void>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, agent }, (res) => {
            res.resume().on('end', resolve);
          })
          .on('error', reject);
      });
      expect(await connectionCount(server)).toBe(1);

      server.close();
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        once(server, 'close').then(() => 'closed'),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 2_000, 'still waiting after 2 s');
        }),
      ]);
      clearTimeout(timer);
      expect(outcome).toBe('closed');
    } finally {
      agent.destroy();
      server.closeAllConnections();
    }
  });
});

function connectionCount(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.getConnections((error, count) => (error ? reject(error) : resolve(count)));
  });
}
