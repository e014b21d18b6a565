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

  /** A comma-separated list, each item trimmed; empty items are dropped, unset is []. */
  list(name: string): string[] {
    const raw = this.env[name];
    if (raw === undefined) return [];
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** A whole number from `min` to `max`; any other value, an empty one included, is a problem. */
  int(name: string, fallback: number, { min, max }: IntRange): number {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    // Digits only (and a sign): Number('') is 0, Number('1e3') 1000 and Number(' 8 ') 8.
    const value = /^-?\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
    if (value >= min && value <= max) return value;
    this.#problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }

  /** Records a problem found by a check of its own (two settings that contradict each other). */
  report(problem: string): void {
    this.#problems.push(problem);
  }

  /** One of `values`; any other value, an empty one included, is a problem. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    if (isOneOf(values, raw)) return raw;
    this.#problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
    return fallback;
  }
}

// A type guard: where it returns true, the compiler treats `value` as a T. Its body is trusted
// unchecked, so it stays this small.
function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return values.some((allowed) => allowed === value);
}
