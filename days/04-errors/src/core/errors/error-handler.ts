import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger';
import {
  AppError,
  BadRequestError,
  type FieldError,
  NotFoundError,
  ValidationError,
} from './app-error';
import { PROBLEM_CONTENT_TYPE, problem } from './problem';

/** Unknown routes: 404 as problem+json, through the same error handler as everything else. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFoundError(`No route for ${req.method} ${req.path}`));
  };
}

/**
 * The one place errors become responses, and the one place they are logged. Express
 * recognises an error handler by its four parameters, and jumps to it when a handler calls
 * next(error), throws, or (Express 5) returns a rejected promise. Expected errors keep their
 * status and message; anything else is a 500 whose body says nothing about the cause (no
 * stack, SQL or library names), while the full error, its `cause` chain included, goes to the
 * server log.
 */
// biome-ignore lint/correctness/noUnusedFunctionParameters: the starter logs nothing yet (4.1, 4.4)
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    // TODO(exercise 4.4): a handler can fail after its response has started (it streamed part
    // of a body, then threw). The status line and the headers are on the wire by then: no
    // problem document can follow, and trying to write one throws ERR_HTTP_HEADERS_SENT from
    // here. Handle that case first: log the original error once, and leave the client unable
    // to mistake the partial body for a whole one.
    const appError = toAppError(error) ?? unexpected(error);
    // TODO(exercise 4.1): `unexpected` sends the error's own message to the client and logs
    // nothing. Log the full error server-side and answer a generic 500 instead.

    res.setHeaders(new Map(Object.entries(appError.headers)));
    sendProblem(res, {
      status: appError.status,
      detail: appError.message,
      instance: req.originalUrl.split('?')[0] ?? req.path,
      errors: fieldErrorsOf(appError),
    });
  };
}

export function sendProblem(res: Response, input: Parameters<typeof problem>[0]): void {
  res
    .status(input.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem(input)));
}

function fieldErrorsOf(error: AppError): readonly FieldError[] | undefined {
  return error instanceof BadRequestError || error instanceof ValidationError
    ? error.fieldErrors
    : undefined;
}

function unexpected(error: unknown): AppError {
  return new AppError(500, error instanceof Error ? error.message : String(error));
}

/**
 * Every error kind is mapped here, once: repositories and services raise them, none of them
 * knows a status code.
 */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // TODO(exercise 4.3): a repository raises UniqueViolationError when a write would duplicate
  // a unique value (a product's name), with a message written for the client. Nothing maps it
  // yet, so the client gets a 500. Answer it as a 409 Conflict, keeping the original error.
  // Client errors raised by Express itself or its helpers: body-parser's http-errors, and the
  // router's undecodable-URL error (`/%E0%A4%A`: a URIError with status 400 but no `expose`
  // flag). Their status is meaningful; their text is replaced, so nothing of theirs reaches
  // the client.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status, STATUS_CODES[status] ?? 'Bad request', { cause: error });
  }
  return undefined;
}
