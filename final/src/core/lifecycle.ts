import type { RequestHandler } from 'express';

/**
 * Process state shared by server.ts and the app: once shutdown starts, /ready answers 503
 * so the load balancer stops routing here while in-flight requests finish.
 */
export interface Lifecycle {
  isShuttingDown(): boolean;
  beginShutdown(): void;
}

export function createLifecycle(): Lifecycle {
  let shuttingDown = false;
  return {
    isShuttingDown: () => shuttingDown,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}

/**
 * While the process is shutting down, every response carries `Connection: close`, so keep-alive
 * clients (a balancer's upstream pool) open their next connection elsewhere instead of
 * reusing one to an instance that is about to stop listening.
 */
export function closeConnectionsWhenStopping(lifecycle: Lifecycle): RequestHandler {
  return (_req, res, next) => {
    if (lifecycle.isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  };
}
