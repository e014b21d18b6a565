import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { UniqueConstraintError, isUniqueViolation } from '../db/database';
import type { Logger } from '../logging/logger';
import { logSecurityEvent } from '../logging/security-events';
import { AppError, ConflictError, NotFoundError } from './app-error';
import { PROBLEM_CONTENT_TYPE, problem } from './problem';

/** Unknown routes: 404 as problem+json, through the same error handler as everything else. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFoundError(`No route for ${req.method} ${req.path}`));
  };
}

/**
 * The one place errors become responses. Expected errors keep their message; anything else is
 * a 500 whose body says nothing about the cause (no stack, SQL or library names). The full
 * error with its stack goes to the server log only.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const known = toAppError(error);

    if (res.headersSent) {
      // Too late for a problem document; let Express close the connection.
      logger.error('error after the response started', { error });
      next(error);
      return;
    }

    if (known === undefined) {
      logger.error('unhandled error', { error, method: req.method, path: req.path });
    } else if (known.status === 403) {
      // Every refusal, from a route guard or an ownership policy, is a security event.
      logSecurityEvent(logger, {
        event: 'forbidden',
        userId: req.auth?.id,
        method: req.method,
        path: req.path,
      });
    }
    const appError = known ?? new AppError(500, 'An unexpected error occurred');

    for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
    sendProblem(res, {
      status: appError.status,
      detail: appError.message,
      instance: req.originalUrl.split('?')[0] ?? req.path,
      requestId: req.requestId,
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
  if (error instanceof UniqueConstraintError || isUniqueViolation(error)) {
    return new ConflictError('A resource with the same unique value already exists');
  }
  // Client errors raised by Express itself or its helpers: body-parser's http-errors, and the
  // router's undecodable-URL error (status 400, no `expose` flag). Their status is meaningful;
  // their text is replaced, so nothing of theirs reaches the client.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status, STATUS_CODES[status] ?? 'Bad request');
  }
  return undefined;
}
