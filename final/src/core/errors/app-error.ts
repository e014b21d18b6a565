/** One field problem in a 400/422 response. `location` says where the value came from. */
export interface FieldError {
  readonly location: 'body' | 'query' | 'params' | 'headers';
  readonly field: string;
  readonly message: string;
}

/**
 * Errors the application raises on purpose. Each maps to one HTTP status; anything that is
 * not an AppError becomes a 500 whose details stay in the server log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(
    message = 'The request is malformed',
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(400, message);
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
      'WWW-Authenticate': bearerError ? `Bearer error="${bearerError}"` : 'Bearer',
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
    super(405, `${method} is not allowed here`, { Allow: allowed.join(', ') });
  }
}

export class ConflictError extends AppError {
  constructor(message = 'The request conflicts with the current state') {
    super(409, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, `The request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = 'Send the body as application/json') {
    super(415, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message = 'Too many requests, try again later') {
    super(429, message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is not available') {
    super(503, message);
  }
}
