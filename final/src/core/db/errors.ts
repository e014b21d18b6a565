// What can go wrong in the database that a client should hear about, in words that belong to
// no engine. Repositories translate their driver's errors into these, once, keeping the driver
// error as `cause` (for the log); the error handler maps each kind to one HTTP answer; services
// let them pass. PostgreSQL (core/db/postgres.ts) translates 23505 unique_violation, a
// statement timeout, a lock timeout and a connection it cannot get into the same classes, and
// nothing above the repositories changes.

/** A write broke a unique constraint: what the client sent already exists. Answered with 409. */
export class UniqueViolationError extends Error {
  /** @param message Safe to show a client: it names the rule, not the table or the index. */
  constructor(
    message = 'A record with the same unique value already exists',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UniqueViolationError';
  }
}

/**
 * The database could not take the work in time (another writer held the lock past the busy
 * timeout). Nothing was written; the same request may well succeed a moment later, so it is
 * answered with 503 and `Retry-After`.
 */
export class DatabaseBusyError extends Error {
  constructor(
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super('The database is busy; try again shortly', options);
    this.name = 'DatabaseBusyError';
  }
}

/**
 * The database server could not be reached: the connection was refused or lost, or the pool
 * had no free connection within its timeout. Nothing was written (a transaction that lost its
 * connection is rolled back by the server); the instance keeps retrying on the next request,
 * so it is answered with 503 and `Retry-After` like DatabaseBusyError.
 */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly retryAfterSeconds = 5,
    options?: ErrorOptions,
  ) {
    super('The database is unavailable; try again shortly', options);
    this.name = 'DatabaseUnavailableError';
  }
}
