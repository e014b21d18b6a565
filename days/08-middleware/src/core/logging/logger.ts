/** Facts that go with a log message, e.g. `{ error }`: kept as values, so an Error keeps its stack. */
export type LogFields = Record<string, unknown>;

/**
 * Where the application reports what an operator must see and no client should: a failure while
 * starting or stopping, a 500's cause, and (from Day 8) the access log. Day 9 replaces it with
 * JSON lines and levels behind the same interface, so no caller changes.
 */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  /** Writes an already formatted line: the access log's, one per request. */
  writeRaw(line: string): void;
}

/**
 * Errors to stderr (console.error prints an Error with its stack, and other values inspected);
 * the access log to stdout, where a platform collects a process's output.
 */
export const consoleLogger: Logger = {
  error: (message, fields) => {
    if (fields === undefined) console.error(message);
    else console.error(message, fields);
  },
  writeRaw: (line) => {
    process.stdout.write(`${line}\n`);
  },
};
