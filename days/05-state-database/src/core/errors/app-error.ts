/** One problem with one input field: the `errors` entries of validation problems. */
export interface FieldError {
  readonly location: 'params' | 'query' | 'body' | 'headers';
  /** Path of the field (`priceCents`, `items[0].qty`); '' for the whole body. */
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
    // new.target is the class actually constructed: NotFoundError, not AppError.
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

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is not available') {
    super(503, message);
  }
}
