import { once } from 'node:events';
import { type Server, createServer } from 'node:http';
import { type AddressInfo, type Socket, connect } from 'node:net';
import { currentRequestContext, runWithRequestContext } from '../logging/request-context';
import { type ConnectionDrain, trackConnections } from './connection-drain';

// In-process: a real http.Server on a loopback port, raw TCP clients, so the test controls
// exactly when a request's bytes arrive relative to drain().

let server: Server;
let drain: ConnectionDrain;
let port: number;

beforeEach(async () => {
  server = createServer();
  drain = trackConnections(server, { freshSocketGraceMs: 50, sweepIntervalMs: 10 });
  server.on('request', (req, res) => {
    // Like the app: every request runs inside its own request context.
    runWithRequestContext({ requestId: `req-${req.url}` }, () => {
      res.setHeader('Content-Type', 'text/plain');
      res.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  server.closeAllConnections();
  server.close();
});

async function connected(): Promise<Socket> {
  const accepted = once(server, 'connection');
  const socket = connect(port, '127.0.0.1');
  await Promise.all([once(socket, 'connect'), accepted]);
  return socket;
}

/** Everything the server sends until it closes the connection, or the error that ended it. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(data));
  });
}

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`;

describe('trackConnections', () => {
  it('serves a request the server accepted but had not read when draining began', async () => {
    const socket = await connected();
    const received = readAll(socket);
    const drained = drain.drain();
    // http.Server#close() would reset this connection here: it looks idle to Node.
    socket.write(GET('/late'));
    const response = await received;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toMatch(/\r\nConnection: close\r\n/i);
    expect(response).toMatch(/ok$/);
    await drained;
  });

  it('leaves a keep-alive connection at rest to its client, and answers its next request', async () => {
    const socket = await connected();
    const received = readAll(socket);
    socket.write(GET('/first'));
    await once(socket, 'data');
    let drained = false;
    const draining = drain.drain().then(() => {
      drained = true;
    });
    // Sweeps run every 10 ms: give them time to (wrongly) close the socket.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(drained).toBe(false);
    expect(drain.openSockets()).toBe(1);
    // A proxy reusing the connection just as the drain began: served, then closed by the server.
    socket.write(GET('/reused'));
    const response = await received;
    expect(response).toMatch(/keep-alive/i);
    expect(response.split('HTTP/1.1 200')).toHaveLength(3);
    expect(response).toMatch(/\r\nConnection: close\r\n[\s\S]*ok$/i);
    await draining;
  });

  it('ends when the client closes its idle keep-alive connection', async () => {
    const socket = await connected();
    socket.write(GET('/first'));
    await once(socket, 'data');
    const draining = drain.drain();
    socket.end();
    await draining;
  });

  it("ends a silent client's keep-alive connection at the server's keep-alive timeout", async () => {
    server.keepAliveTimeout = 100;
    const socket = await connected();
    const received = readAll(socket);
    socket.write(GET('/first'));
    await once(socket, 'data');
    await drain.drain();
    expect(await received).toMatch(/keep-alive/i);
  });

  it('closes a connection that never sends a request after its grace period', async () => {
    const socket = await connected();
    const received = readAll(socket);
    await drain.drain();
    expect(await received).toBe('');
  });

  it('refuses new connections once draining', async () => {
    const drained = drain.drain();
    const socket = connect(port, '127.0.0.1');
    const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
    await drained;
  });

  it('does not carry the last request context into what runs after the drain', async () => {
    const socket = await connected();
    const received = readAll(socket);
    socket.write(GET('/ctx'));
    await once(socket, 'data');
    let seen: unknown = 'not called';
    const drained = drain.drain().then(() => {
      seen = currentRequestContext();
    });
    socket.end();
    await drained;
    await received;
    expect(seen).toBeUndefined();
  });
});
