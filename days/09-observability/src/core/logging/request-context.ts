export interface RequestContext {
  readonly requestId: string;
  /** Set once authentication succeeds, so later log lines name the caller. */
  userId?: number;
}

// TODO(exercise 9.1): one variable for the whole process holds the context of the request
// that started LAST. A line written after an `await` names whichever request started most
// recently, not its own, and a line written on behalf of no request (a timer, start-up) names
// a stale one. Each request's chain of callbacks needs its own context.
let current: RequestContext | undefined;

/** Runs `fn` with a request context that every log line written inside it picks up. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  current = context;
  return fn();
}

export function currentRequestContext(): RequestContext | undefined {
  return current;
}
