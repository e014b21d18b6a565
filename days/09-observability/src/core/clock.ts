/**
 * Where time comes from. Code that calls Date.now() can only be tested by waiting or by patching
 * a global; code that asks an injected Clock is tested by handing it a clock the test moves.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
