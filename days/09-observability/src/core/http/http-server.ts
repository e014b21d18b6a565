// The bridge between Node's HTTP server (sockets, parsing) and our request handler (the
// Express app, which is just a function of (req, res)).
import http from 'node:http';

export interface RunningServer {
  readonly server: http.Server;
  /** Base URL with the port the OS actually bound (useful with PORT=0). */
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
}

export function startHttpServer(
  handler: http.RequestListener,
  { host, port }: ListenOptions,
): Promise<RunningServer> {
  const server = http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      // A TCP listener's address is an object; only a pipe or a Unix socket, which
      // listen(port, host) never opens, reports a string.
      const address = server.address();
      const boundPort = typeof address === 'object' && address !== null ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        url: `http://${shownHost}:${boundPort}`,
        close: () => closeServer(server),
      });
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    // close() stops accepting at once; its callback fires when the last connection has ended,
    // i.e. after every in-flight response was written. Since Node 19 it also closes idle
    // keep-alive sockets, so a browser holding a connection open cannot stall shutdown.
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
