import express, { type RequestHandler } from 'express';

/**
 * JSON-only request bodies, up to `limitBytes`. express.json reads the body stream once, here,
 * before any route runs, and leaves a body of another media type unread.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  // TODO(exercise 4.2): turn what the parser refuses into the application's rejections: a
  // body in another media type is 415 (UnsupportedMediaTypeError), one over the limit 413
  // (PayloadTooLargeError) and unparsable JSON 400 (BadRequestError 'The request body is not
  // valid JSON'). Today the parser's own errors reach the error handler as generic 4xx.
  return express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'] });
}
