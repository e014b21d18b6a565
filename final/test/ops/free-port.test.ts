// The fixtures that cannot give a program port 0 (nginx's listen address, the app instances
// nginx proxies to and restarts on the same port) take theirs from freePort().
import net from 'node:net';
import { freePort } from './process-helpers';

const listenOn = (port: number) =>
  new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

test('freePort hands out listenable ports below every platform’s ephemeral range', async () => {
  const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
  for (const port of ports) {
    // Linux's outgoing connections take source ports from 32768 up, macOS and Windows from 49152.
    expect(port).toBeGreaterThanOrEqual(1024);
    expect(port).toBeLessThan(32_768);
  }
  const server = await listenOn(ports[0]!);
  await new Promise((resolve) => server.close(resolve));
});
