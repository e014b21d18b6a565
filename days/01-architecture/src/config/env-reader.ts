// Reads settings from an environment and collects every problem instead of stopping at the
// first: a deploy that fails on one bad variable, gets fixed, then fails on the next costs a
// release per variable. loadConfig reads each setting through it, then throws one ConfigError.

/** An environment: process.env in the process, a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface IntRange {
  readonly min: number;
  readonly max: number;
}

export class EnvReader {
  readonly #problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** Every problem found so far, in the order the settings were read. */
  get problems(): readonly string[] {
    return this.#problems;
  }

  /**
   * A text setting. Empty counts as unset: `HOST=` would otherwise reach listen() as '', which
   * Node reads as "every interface", an exposure nobody asked for.
   */
  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  /** A whole number from `min` to `max`; any other value, an empty one included, is a problem. */
  int(name: string, fallback: number, range: IntRange): number {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    // TODO(exercise 1.1): Number() turns 'http' into NaN, '' into 0 and '80.5' into 80.5, and
    // nothing checks the range. Accept only a whole number within `range`; for anything else
    // record a problem that names the setting and return the fallback.
    void range;
    return Number(raw);
  }

  /** One of `values`; any other value, an empty one included, is a problem. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    // TODO(exercise 1.1): an unknown value silently becomes the fallback, so NODE_ENV=prod
    // starts a development server. Record a problem that names the setting instead.
    return values.find((value) => value === raw) ?? fallback;
  }
}
