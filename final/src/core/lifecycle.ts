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
