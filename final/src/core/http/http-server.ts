// The bridge between Node's HTTP server (sockets, parsing) and our request handler (the
// Express app, which is just a function of (req, res)).
import http from 'node:http';
import { trackConnections } from './connection-drain';

export interface RunningServer {
  readonly server: http.Server;
  /** Base URL with the port the OS actually bound (useful with PORT=0). */
  readonly url: string;
  /** How many connections are open right now (for the shutdown log). */
  openConnections(): number;
  /**
   * Stops accepting connections, lets every accepted request finish (including one whose
   * bytes had not been read yet), closes connections as they go idle, then resolves.
   */
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  /** Slow-client protection: see the Config fields of the same names. */
  readonly timeouts?: {
    readonly requestTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
  };
}

export function startHttpServer(
  handler: http.RequestListener,
  { host, port, timeouts }: ListenOptions,
): Promise<RunningServer> {
  const server = http.createServer();
  // The connection tracker's request listener goes first, then the app's: a response that
  // starts while draining must still get `Connection: close`.
  const connections = trackConnections(server);
  server.on('request', handler);
  if (timeouts !== undefined) {
    // A client that sends its headers or body too slowly holds a socket and memory; Node cuts
    // it off with 408. Idle keep-alive sockets close after keepAliveTimeoutMs (keep it above
    // the proxy's own idle timeout, so the proxy never reuses a socket Node is closing).
    server.requestTimeout = timeouts.requestTimeoutMs;
    server.headersTimeout = timeouts.headersTimeoutMs;
    server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  }
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
        openConnections: () => connections.openSockets(),
        // Not http.Server#close(): see trackConnections for the requests it would reset.
        close: () => connections.drain(),
      });
    });
  });
}
