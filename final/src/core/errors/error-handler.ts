import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { DatabaseBusyError, DatabaseUnavailableError, UniqueViolationError } from '../db/errors';
import type { Logger } from '../logging/logger';
import { logSecurityEvent } from '../logging/security-events';
import {
  AppError,
  BadRequestError,
  ConflictError,
  type FieldError,
  NotFoundError,
  ServiceUnavailableError,
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
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      // Too late for a problem document: the status line is gone. Log it once, and cut the
      // connection so the client sees a truncated response, not a complete-looking one.
      // (Express's own final handler would do the same, but log a plain-text stack too.)
      logger.error('error after the response started', {
        error,
        method: req.method,
        path: req.path,
      });
      res.destroy();
      return;
    }

    const known = toAppError(error);
    if (known === undefined) {
      // The cause, the stack and the request go to the log, where operators look for them.
      // The client learns only that it was not its fault: no SQL, no paths, no library names.
      logger.error('unhandled error', { error, method: req.method, path: req.path });
    } else if (known.status >= 500) {
      // Expected, but an operator should see it, with its cause (the driver's error).
      logger.warn(known.message, { error: known, method: req.method, path: req.path });
    } else if (known.status === 403 && req.auth !== undefined) {
      // Every refusal of a signed-in caller, from a route guard or an ownership policy, is a
      // security event. (A refusal without a caller, a /metrics scrape, writes its own.)
      logSecurityEvent(logger, {
        event: 'forbidden',
        userId: req.auth?.id,
        method: req.method,
        path: req.path,
      });
    }
    const appError = known ?? new AppError(500, 'An unexpected error occurred');

    res.setHeaders(new Map(Object.entries(appError.headers)));
    sendProblem(res, {
      status: appError.status,
      detail: appError.message,
      instance: req.originalUrl.split('?')[0] ?? req.path,
      requestId: req.requestId,
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

/**
 * Every error kind is mapped here, once: repositories and services raise them, none of them
 * knows a status code.
 */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // The database's own words for "already exists" and "too busy", engine-neutral and raised
  // by the repositories: their messages are written for clients, their causes for the log.
  if (error instanceof UniqueViolationError) {
    return new ConflictError(error.message, { cause: error });
  }
  if (error instanceof DatabaseBusyError || error instanceof DatabaseUnavailableError) {
    return new ServiceUnavailableError(error.message, {
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
      cause: error,
    });
  }
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
