import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import morgan from 'morgan';
import type { AccessLogFormat } from '../../config';
import { isoNow, type Logger } from './logger';

/**
 * nginx's code for "client closed the request before the response was sent". Not an HTTP
 * status anyone receives; it only names aborted requests in the access log and the metrics.
 */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * The access log, written by morgan when a request is over (finished, or abandoned by its
 * client: status 499), one line per request, through the logger so it keeps its order with
 * the other log lines. createApp mounts it after the operational endpoints (/health, /ready,
 * /metrics): probes and scrapers would drown the log.
 *
 * - `json` (production, tests): one JSON object per line with method, path, status, size,
 *   duration, client address and user agent, tied to the request id. It deliberately leaves
 *   out the query string, headers and bodies, which may carry credentials or personal data.
 * - `dev` (development): morgan's own short, coloured console line, for a human watching a
 *   terminal.
 */
export function accessLog(format: AccessLogFormat, logger: Logger): RequestHandler {
  const options: morgan.Options<Request, Response> = {
    // morgan ends each line with a newline; the logger adds its own.
    stream: { write: (line: string) => logger.writeRaw(line.trimEnd()) },
  };
  return format === 'json' ? morgan(jsonLine, options) : morgan('dev', options);
}

/**
 * morgan's format function. It reads the request and response itself rather than through
 * morgan's string tokens, which morgan 1.12 already escapes for a text line (a quote comes
 * back as \"): JSON.stringify would escape them a second time.
 */
function jsonLine(
  tokens: morgan.TokenIndexer<Request, Response>,
  req: Request,
  res: Response,
): string {
  const duration = tokens['total-time']?.(req, res, '3');
  return JSON.stringify({
    time: isoNow(),
    level: 'info',
    msg: 'request',
    type: 'access',
    requestId: req.requestId,
    method: req.method,
    path: pathOf(req.originalUrl),
    status: statusOf(res),
    durationMs: duration === undefined ? null : Number(duration),
    contentLength: Number(res.getHeader('content-length') ?? 0),
    ip: req.ip,
    userAgent: req.headers['user-agent'],
  });
}

/** The status sent, or 499 when the client went away before the response was complete. */
export function statusOf(res: ServerResponse<IncomingMessage>): number {
  return res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
