import type { Request, RequestHandler, Response } from 'express';
import morgan from 'morgan';
import { isoNow, type Logger } from './logger';

/**
 * Access log as JSON lines via morgan. It records method, path, status, size and latency,
 * and deliberately leaves out the query string, headers and bodies, which may carry
 * credentials or tokens.
 */
export function accessLog(logger: Logger): RequestHandler {
  return morgan(
    (tokens, req: Request, res: Response) =>
      JSON.stringify({
        time: isoNow(),
        level: 'info',
        msg: 'request',
        type: 'access',
        requestId: req.requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.headersSent ? res.statusCode : undefined,
        durationMs: Number(tokens['response-time']?.(req, res) ?? 0),
        contentLength: Number(res.getHeader('content-length') ?? 0),
        ip: req.ip,
        userAgent: req.get('user-agent'),
      }),
    { stream: { write: (line: string) => logger.writeRaw(line.trimEnd()) } },
  );
}
