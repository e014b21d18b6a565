import express, { type RequestHandler } from 'express';
import {
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../errors/app-error';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * JSON-only request bodies, up to `limitBytes`. express.json reads the body stream once, here,
 * before any route runs. A body in any other media type is 415, a body over the limit is 413
 * and unparsable JSON is 400. Requests without a body pass; validation reports what is missing.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: true, type: isJsonMediaType });

  return (req, res, next) => {
    // Most API requests (every GET) carry no body: nothing to check or parse.
    if (!hasBody(req.headers)) {
      next();
      return;
    }
    if (METHODS_WITH_BODY.has(req.method) && !isJsonMediaType(req)) {
      next(new UnsupportedMediaTypeError());
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      next(translateParseError(error, limitBytes));
    });
  };
}

function isJsonMediaType(req: { headers: { 'content-type'?: string } }): boolean {
  const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType?.endsWith('+json') ?? false);
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

// body-parser reports what went wrong in `type`; its messages quote the raw input and
// JSON.parse internals, so the client gets our wording, and the original stays as the cause.
function translateParseError(error: unknown, limitBytes: number): unknown {
  const type = (error as { type?: unknown }).type;
  const options = { cause: error };
  switch (type) {
    case 'entity.parse.failed':
      return new BadRequestError('The request body is not valid JSON', [], options);
    case 'entity.too.large':
      return new PayloadTooLargeError(limitBytes, options);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(
        'Send the body as UTF-8 encoded application/json',
        options,
      );
    case 'request.aborted':
      return new BadRequestError('The request was aborted', [], options);
    default:
      return error;
  }
}
