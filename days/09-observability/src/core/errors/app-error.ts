/** One problem with one input field: the `errors` entries of validation problems. */
export interface FieldError {
  readonly location: 'params' | 'query' | 'body' | 'headers';
  /** Path of the field (`priceCents`, `items[0].qty`); '' for the whole body. */
  readonly field: string;
  readonly message: string;
}

export interface AppErrorOptions {
  /** Response headers that belong to this answer (`Allow`, `Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The error this one translates (a driver's, a library's): logged, never sent. */
  readonly cause?: unknown;
}

/**
 * Errors the application raises on purpose. Each maps to one HTTP status, and its message is
 * written for the client; anything that is not an AppError becomes a 500 whose details stay in
 * the server log. When an AppError translates another error, that error travels as
 * `Error.cause`, so the log keeps the whole chain while the client sees only the message.
 */
export class AppError extends Error {
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // new.target is the class actually constructed: NotFoundError, not AppError.
    this.name = new.target.name;
    this.headers = options.headers ?? {};
  }
}

export class BadRequestError extends AppError {
  constructor(
    message = 'The request is malformed',
    readonly fieldErrors: readonly FieldError[] = [],
    options?: AppErrorOptions,
  ) {
    super(400, message, options);
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: readonly FieldError[],
    message = 'The request body is not valid',
  ) {
    super(422, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication is required', bearerError?: 'invalid_token') {
    // RFC 6750: a 401 names the scheme; error="invalid_token" tells clients to refresh.
    super(401, message, {
      headers: { 'WWW-Authenticate': bearerError ? `Bearer error="${bearerError}"` : 'Bearer' },
    });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'The resource does not exist') {
    super(404, message);
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(method: string, allowed: readonly string[]) {
    super(405, `${method} is not allowed here`, { headers: { Allow: allowed.join(', ') } });
  }
}

export class ConflictError extends AppError {
  constructor(message = 'The request conflicts with the current state', options?: AppErrorOptions) {
    super(409, message, options);
  }
}

/** A conditional request (If-Match) whose condition no longer holds: nothing was changed. */
export class PreconditionFailedError extends AppError {
  constructor(message = 'The resource has changed since it was read', options?: AppErrorOptions) {
    super(412, message, options);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number, options?: AppErrorOptions) {
    super(413, `The request body exceeds ${limitBytes} bytes`, options);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Send the body as application/json', options?: AppErrorOptions) {
    super(415, message, options);
  }
}

/** Over a rate limit: the error handler sends the Retry-After the limiter set on the response. */
export class TooManyRequestsError extends AppError {
  constructor(message = 'Too many requests, try again later', options?: AppErrorOptions) {
    super(429, message, options);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is not available', options?: AppErrorOptions) {
    super(503, message, options);
  }
}
