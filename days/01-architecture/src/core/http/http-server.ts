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
  // TODO(exercise 1.3): resolve only once the server has really stopped: no new connections,
  // every in-flight request answered. server.close() takes a callback for exactly that moment.
  server.close();
  return Promise.resolve();
}
