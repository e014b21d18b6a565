/** Facts that go with a log message, e.g. `{ error }`: kept as values, so an Error keeps its stack. */
export type LogFields = Record<string, unknown>;

/**
 * Where the application reports what an operator must see and no client should: a failure while
 * starting or stopping today, a 500's cause from Day 4. `console` has this shape; Day 9 replaces
 * it with JSON lines and levels behind the same interface, so no caller changes.
 */
export interface Logger {
  error(message: string, fields?: LogFields): void;
}

/** Writes to stderr. console.error prints an Error with its stack, and other values inspected. */
export const consoleLogger: Logger = {
  error: (message, fields) => {
    if (fields === undefined) console.error(message);
    else console.error(message, fields);
  },
};
