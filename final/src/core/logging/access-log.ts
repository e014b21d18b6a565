import type { Request, Response } from 'express';
import morgan from 'morgan';
import { isoNow, type Logger } from './logger';

/** Writes one access-log line for a finished response (see `observeRequests`). */
export type AccessLog = (req: Request, res: Response, durationMs: number) => void;

/**
 * Access log as JSON lines via morgan: method, path, status, size and latency, tied to the
 * request id. It deliberately leaves out the query string, headers and bodies, which may
 * carry credentials or tokens.
 *
 * morgan runs in `immediate` mode, called from the one `finish` listener the metrics already
 * need (observeRequests). Its default mode would add, per request, a writeHead wrapper
 * (on-headers), four listeners on the response and the socket and an AsyncResource
 * (on-finished): measured on the products list, that was about a tenth of the request's CPU
 * for the same line. Immediate mode only formats and writes; observeRequests does the timing.
 */
export function accessLog(logger: Logger): AccessLog {
  // The duration of the response being logged: set right before the synchronous call below.
  let durationMs = 0;
  const log = morgan<Request, Response>(
    (_tokens, req, res) =>
      JSON.stringify({
        time: isoNow(),
        level: 'info',
        msg: 'request',
        type: 'access',
        requestId: req.requestId,
        method: req.method,
        path: pathOf(req.originalUrl),
        status: res.statusCode,
        durationMs: Math.round(durationMs * 1000) / 1000,
        contentLength: Number(res.getHeader('content-length') ?? 0),
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      }),
    {
      immediate: true,
      // morgan appends a newline; the logger adds its own.
      stream: { write: (line: string) => logger.writeRaw(line.slice(0, -1)) },
    },
  );
  const done = () => {};
  return (req, res, ms) => {
    durationMs = ms;
    log(req, res, done);
  };
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
