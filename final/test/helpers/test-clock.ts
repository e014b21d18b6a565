import type { Clock } from '../../src/core/clock';

/** A clock tests move by hand: expiry and backoff are tested without sleeping. */
export class TestClock implements Clock {
  private current: number;

  constructor(start = '2030-01-01T00:00:00.000Z') {
    this.current = Date.parse(start);
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
