import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../../context';
import { AppError, NotFoundError } from './app-error';
import { PROBLEM_CONTENT_TYPE, problem } from './problem';

/** Unknown routes: 404 as problem+json, through the same error handler as everything else. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFoundError(`No route for ${req.method} ${req.path}`));
  };
}

/**
 * The one place errors become responses. Express recognises an error handler by its four
 * parameters, and jumps to it when a handler calls next(error), throws, or (Express 5) returns
 * a rejected promise. Expected errors (AppError) keep their status and message; anything else
 * is a 500 whose body says nothing about the cause, while the full error goes to the log.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a problem document; let Express close the connection.
      logger.error('error after the response started', { error });
      next(error);
      return;
    }

    const known = toAppError(error);
    if (known === undefined) {
      // The cause, the stack and the request go to the log, where operators look for them.
      // The client learns only that it was not its fault: no SQL, no paths, no library names.
      logger.error('unhandled error', { error, method: req.method, path: req.path });
    }
    const appError = known ?? new AppError(500, 'An unexpected error occurred');

    for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
    sendProblem(res, {
      status: appError.status,
      detail: appError.message,
      instance: req.originalUrl.split('?')[0] ?? req.path,
      errors: 'fieldErrors' in appError ? (appError.fieldErrors as never) : undefined,
    });
  };
}

export function sendProblem(res: Response, input: Parameters<typeof problem>[0]): void {
  res
    .status(input.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem(input)));
}

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  // Client errors raised by Express itself or its body/static helpers (http-errors with
  // expose=true, e.g. an undecodable URL). Their status is meaningful; their text is replaced.
  const status = (error as { status?: unknown } | null)?.status;
  const expose = (error as { expose?: unknown } | null)?.expose;
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    return new AppError(status, STATUS_CODES[status] ?? 'Bad request');
  }
  return undefined;
}
