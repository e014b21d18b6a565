import { backoffDelay } from './job-worker';

describe('backoffDelay', () => {
  const backoff = { baseMs: 500, maxMs: 10_000 };

  it('doubles the delay with every failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, backoff))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });

  it('never exceeds the maximum', () => {
    expect(backoffDelay(30, backoff)).toBe(10_000);
  });
});
