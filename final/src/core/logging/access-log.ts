import type { Request, RequestHandler, Response } from 'express';
import morgan from 'morgan';
import { isoNow, type Logger } from './logger';

/**
 * Writes one access-log line for a request that is over (called by `observeRequests`), with
 * the status it ended with (499 when the client went away before the response was sent).
 */
export type AccessLog = (req: Request, res: Response, durationMs: number, status: number) => void;

/**
 * The production access log: one JSON line per request with method, path, status, size,
 * latency, client address and user agent, tied to the request id. It deliberately leaves out
 * the query string, headers and bodies, which may carry credentials or tokens.
 *
 * It is written from the one `close` listener the metrics already need (observeRequests),
 * not by morgan's middleware. morgan (Day 8, and `devAccessLog` below) adds to every request
 * a writeHead wrapper (on-headers), listeners on the response and the socket plus an
 * AsyncResource (on-finished), and five properties on req and res. Measured on the products
 * list (final/README.md, "Benchmarks"), that was 30-40 µs of a request's CPU even with morgan
 * in `immediate` mode called from this listener: more than the SQL. For the same line.
 */
export function accessLog(logger: Logger): AccessLog {
  return (req, res, durationMs, status) => {
    logger.writeRaw(
      JSON.stringify({
        time: isoNow(),
        level: 'info',
        msg: 'request',
        type: 'access',
        requestId: req.requestId,
        method: req.method,
        path: pathOf(req.originalUrl),
        status,
        durationMs: Math.round(durationMs * 1000) / 1000,
        contentLength: Number(res.getHeader('content-length') ?? 0),
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      }),
    );
  };
}

morgan.token<Request>('path', (req) => pathOf(req.originalUrl));
morgan.token<Request>('request-id', (req) => req.requestId);

/**
 * The development access log (ACCESS_LOG_FORMAT=dev): morgan's short console line, for a
 * human watching a terminal, e.g. `GET /api/v1/products 200 1.234 ms - 3489 5f0c…`. Same
 * privacy rule as the JSON line: the path, never the query string. Skips the operational
 * endpoints like the JSON log does.
 */
export function devAccessLog(logger: Logger): RequestHandler {
  return morgan<Request, Response>(
    ':method :path :status :response-time ms - :res[content-length] :request-id',
    {
      skip: (_req, res) => NOT_ACCESS_LOGGED.has(String(res.locals['route'])),
      // morgan appends a newline; the logger adds its own.
      stream: { write: (line: string) => logger.writeRaw(line.slice(0, -1)) },
    },
  );
}

/**
 * Operational routes are counted in the metrics but not access-logged: probes and scrapers
 * hit them every few seconds from every balancer and would drown the log.
 */
export const NOT_ACCESS_LOGGED: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
