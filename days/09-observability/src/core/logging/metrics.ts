import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** Counts a request that is over and observes its latency, by route template and status. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * A registry per app instance (not prom-client's global one), so tests can build many apps
 * in one process. `defaultMetrics` adds process metrics (CPU, memory, event-loop lag).
 */
export function createMetrics(options: { defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status'] as const;
  // One histogram serves both questions: its `_count` series is the request counter
  // (rate(http_request_duration_seconds_count[5m]) is requests per second), so a separate
  // counter would only double the work on every request.
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      duration.observe({ method, route, status: String(status) }, seconds);
    },
  };
}
