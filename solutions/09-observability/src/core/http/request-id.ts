import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithRequestContext } from '../logging/request-context';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// Accept ids a proxy or caller generated, but only short, log-safe ones: anything else could
// inject fake lines or huge values into the logs, so it is replaced.
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a well-formed incoming X-Request-Id or generates one, echoes it, and scopes logs. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
    req.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    runWithRequestContext({ requestId: id }, next);
  };
}
