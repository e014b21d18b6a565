import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * Per-socket bookkeeping. `bytesAtIdle` is socket.bytesRead when the socket last became idle:
 * if more bytes have been read since, a request is arriving whose headers are not parsed yet,
 * so the socket is not idle even though no 'request' event has fired.
 */
interface SocketState {
  active: number;
  served: number;
  idleSince: number;
  bytesAtIdle: number;
}

export interface ConnectionDrain {
  /** True once drain() was called. */
  readonly draining: boolean;
  /** How many sockets are open right now. */
  openSockets(): number;
  /**
   * Stops accepting connections and lets every accepted request finish; responses carry
   * `Connection: close`. Resolves once the listener and every socket are closed.
   */
  drain(): Promise<void>;
}

export interface ConnectionDrainOptions {
  /**
   * A socket that has not sent a single request is only closed after it has been idle this
   * long: it was accepted, and its first request may simply not have been read yet.
   */
  readonly freshSocketGraceMs?: number;
  /** How often idle sockets are looked at while draining. */
  readonly sweepIntervalMs?: number;
  readonly now?: () => number;
}

/**
 * Tracks the sockets of `server` so shutdown can drain instead of cut.
 *
 * Why not `server.close()` + `closeIdleConnections()`: Node counts a connection as idle when
 * its parser is between requests, which includes a connection that was accepted but whose
 * first request has not been read yet, and a keep-alive connection a proxy is reusing at this
 * very moment. Both would be reset instead of served. Here the server closes only a socket
 * that never sent a request within a grace period (a pre-connect); every other socket closes
 * after a response that carries `Connection: close`, when its client closes it, or at Node's
 * keepAliveTimeout. Behind a proxy whose idle timeout is shorter than the readiness delay the
 * proxy has closed its idle connections before the drain starts; without a proxy, a client
 * holding an idle connection makes the drain last up to keepAliveTimeout.
 *
 * Install it before the app's request listener is added, so `Connection: close` can still be
 * set on every response that starts while draining.
 */
export function trackConnections(
  server: Server,
  options: ConnectionDrainOptions = {},
): ConnectionDrain {
  const graceMs = options.freshSocketGraceMs ?? 1000;
  const sweepMs = options.sweepIntervalMs ?? 100;
  const now = options.now ?? Date.now;
  const sockets = new Map<Socket, SocketState>();
  let draining = false;
  let drained: Promise<void> | undefined;

  const closeIfIdle = (socket: Socket, state: SocketState): void => {
    if (state.active > 0 || socket.destroyed) return;
    if (socket.bytesRead > state.bytesAtIdle) return; // a request is on its way in
    // A keep-alive socket at rest is left to its client. Closing it here races with a request
    // the client is sending on it right now: the bytes may sit unread in the kernel, and
    // closing then resets the connection, which a proxy cannot safely retry for a POST. The
    // client closes it (a proxy's idle timeout is shorter than ours), or a response to its
    // next request carries Connection: close, or Node's keepAliveTimeout ends it.
    if (state.served > 0) return;
    if (now() - state.idleSince < graceMs) return;
    // end() lets a response that is still in the socket's buffer reach the client.
    if (socket.writableLength > 0) socket.end();
    else socket.destroy();
  };

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { active: 0, served: 0, idleSince: now(), bytesAtIdle: 0 });
    socket.once('close', () => sockets.delete(socket));
  });

  // Prepended so it runs before the app writes anything, even on the first request.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const state = sockets.get(socket);
    if (state === undefined) return;
    state.active++;
    // Node closes the socket after a response that carries Connection: close.
    if (draining) res.setHeader('Connection', 'close');
    // 'close' fires for finished and for aborted responses alike.
    res.once('close', () => {
      state.active--;
      state.served++;
      state.idleSince = now();
      state.bytesAtIdle = socket.bytesRead;
      if (draining) closeIfIdle(socket, state);
    });
  });

  const drain = (): Promise<void> => {
    if (drained) return drained;
    draining = true;
    drained = new Promise<void>((resolve, reject) => {
      const sweep = setInterval(() => {
        for (const [socket, state] of sockets) closeIfIdle(socket, state);
      }, sweepMs);
      sweep.unref();
      // net.Server#close, not http.Server#close: the latter also calls closeIdleConnections()
      // (Node >= 19), which would reset accepted-but-unread requests. The callback runs once
      // the listener and every connection are closed. It is bound to the caller's async
      // context: it is invoked from the last socket's close, i.e. inside whatever request
      // context that socket carried, which must not leak into shutdown logging.
      NetServer.prototype.close.call(
        server,
        AsyncResource.bind((error?: Error) => {
          clearInterval(sweep);
          if (error) reject(error);
          else resolve();
        }),
      );
      for (const [socket, state] of sockets) closeIfIdle(socket, state);
    });
    return drained;
  };

  return {
    get draining() {
      return draining;
    },
    openSockets: () => sockets.size,
    drain,
  };
}
