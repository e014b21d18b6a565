// What can go wrong in storage that a client should hear about, in words that belong to no
// engine. Repositories translate their store's errors into these, once, keeping the original
// error as `cause` (for the log); the error handler maps each kind to one HTTP answer; services
// let them pass. Today's store is a Map; Day 5's SQLite repository raises the same class, and
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
