// A request contract declared once: each field knows how to build its express-validator chain
// for the place its value comes from, what JSON Schema describes it (limits included, so the
// OpenAPI document says exactly what the validators enforce), and which TypeScript type the
// handler receives. validate.ts runs the chains; `validated()` hands back the typed values.
import { type ValidationChain, body, param, query } from 'express-validator';

/** Where a value comes from. Path and query values are text; a JSON body keeps its types. */
export type Location = 'params' | 'query' | 'body';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) fragment. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * One declared input field. `T` is the type the handler receives; `Optional` says whether the
 * key may be missing from the validated values (`.optional()`); a field with a default is
 * always present.
 */
export interface Field<T, Optional extends boolean = boolean> {
  /** Phantom members: they carry the types for `Infer`, nothing is stored in them. */
  readonly valueType?: T;
  readonly isOptional: Optional;
  /** The client must send it: neither optional nor defaulted. */
  readonly required: boolean;
  /** The value's schema, limits and default included. */
  readonly schema: JsonSchema;
  /** The express-validator chain for this field at `location`, built once per route. */
  chain(location: Location, name: string): ValidationChain;
  /** True when a validated value has the declared type (`validated()` checks it). */
  accepts(value: unknown): value is T;
}

/** Any field, whatever its type. */
export type AnyField = Field<unknown>;

/** The fields of one location, by name. */
export type Shape = { readonly [name: string]: AnyField };

type ValueOf<F> = F extends Field<infer T, boolean> ? T : never;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends Field<unknown, true> ? K : never;
}[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;

/** The values a shape validates to: `{ name: string; description?: string }`. */
export type Infer<S extends Shape> = {
  [K in RequiredKeys<S>]: ValueOf<S[K]>;
} & {
  [K in OptionalKeys<S>]?: ValueOf<S[K]>;
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

interface Common {
  /** Shown in the API documentation. */
  readonly description?: string;
  /** Replaces the generated message for a value that breaks the field's rule. */
  readonly message?: string;
}

export interface StringOptions extends Common {
  /** Length in characters, after trimming when `trim` is set. */
  readonly min?: number;
  readonly max?: number;
  /** Remove leading and trailing white space before checking (and storing) the value. */
  readonly trim?: boolean;
  /** Lower-case the value (e-mail addresses compare case-insensitively). */
  readonly lowercase?: boolean;
  /** A well-known format the value must have. */
  readonly format?: 'email';
  /** A pattern the whole value must match, with the message that explains it. */
  readonly pattern?: { readonly regex: RegExp; readonly message: string };
  /** A further rule: returns the problem ("must not exceed 72 bytes") or undefined. */
  readonly check?: (value: string) => string | undefined;
}

export interface IntegerOptions extends Common {
  readonly min: number;
  readonly max: number;
}

type Presence = 'required' | 'optional' | 'default';

interface Spec<T> {
  readonly presence: Presence;
  readonly defaultValue?: T;
  readonly description?: string;
}

/**
 * The rules of one kind of field, as two functions: `prepare` turns what arrived into the
 * value to check (a query's digits into a number, a string trimmed), leaving anything it does
 * not recognise untouched; `problem` says what is wrong with a prepared value, or nothing.
 * `schema` describes the same rules in JSON Schema.
 */
interface Kind<T> {
  prepare(value: unknown, location: Location): unknown;
  problem(value: unknown, location: Location, name: string): string | undefined;
  /** Checks express-validator's own validators add after `problem` (an e-mail address). */
  refine?(chain: ValidationChain, name: string): ValidationChain;
  schema: JsonSchema;
  accepts(value: unknown): value is T;
}

const BUILDERS = { params: param, query, body } as const;

/**
 * A field under construction. Immutable: `.optional()` and `.default()` return a new field,
 * so one declaration can be shared (`name` required on create, optional on update).
 */
class FieldBuilder<T, Optional extends boolean> implements Field<T, Optional> {
  declare readonly valueType?: T;

  constructor(
    private readonly kind: Kind<T>,
    private readonly spec: Spec<T>,
    readonly isOptional: Optional,
  ) {}

  get required(): boolean {
    return this.spec.presence === 'required';
  }

  get schema(): JsonSchema {
    const { defaultValue, description } = this.spec;
    return {
      ...this.kind.schema,
      ...(description === undefined ? {} : { description }),
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    };
  }

  /** The key may be missing; when it is, the handler does not see it. */
  optional(): FieldBuilder<T, true> {
    return new FieldBuilder(this.kind, { ...this.spec, presence: 'optional' }, true);
  }

  /** Used when the value is missing, null or empty: the handler always sees a value. */
  default(value: T): FieldBuilder<T, false> {
    return new FieldBuilder(
      this.kind,
      { ...this.spec, presence: 'default', defaultValue: value },
      false,
    );
  }

  describe(description: string): FieldBuilder<T, Optional> {
    return new FieldBuilder(this.kind, { ...this.spec, description }, this.isOptional);
  }

  /**
   * Two items per chain: a sanitizer (the default, then `prepare`) and one custom validator
   * that reports the field's first problem. express-validator takes a lodash pass over the
   * chain's data for every item it runs, so a chain of ten small items (exists, bail, isInt,
   * bail, toInt...) costs ten passes; folding them keeps validation a small part of a request
   * (final/README.md, "Benchmarks").
   */
  chain(location: Location, name: string): ValidationChain {
    const { presence, defaultValue } = this.spec;
    const { kind } = this;
    let chain = BUILDERS[location](name);
    if (presence === 'optional') chain = chain.optional();
    chain = chain
      .customSanitizer((value: unknown) => {
        // As express-validator's default(): a missing, null or empty value takes the default.
        const given =
          presence === 'default' && (value === undefined || value === null || value === '')
            ? defaultValue
            : value;
        return given === undefined ? undefined : kind.prepare(given, location);
      })
      .custom((value: unknown) => {
        const problem =
          value === undefined ? `${name} is required` : kind.problem(value, location, name);
        if (problem !== undefined) throw new Error(problem);
        return true;
      });
    return kind.refine ? kind.refine(chain.bail(), name) : chain;
  }

  accepts(value: unknown): value is T {
    return this.kind.accepts(value);
  }
}

/**
 * Every field takes one value of its type. express-validator's standard validators (isIn,
 * isInt, isLength...) check each item of an array, so with them `{"role": ["admin"]}` would
 * pass `isIn(roles)`; a repeated query parameter (`?limit=5&limit=500`) arrives as an array too.
 */
function notSingle(value: unknown, location: Location, name: string, message: string) {
  if (value === null || typeof value !== 'object') return undefined;
  // Path and query values are text: an array or an object is a repeated (or nested) parameter.
  return location === 'body' ? message : `${name} must be given once`;
}

function lengthMessage(name: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) {
    return `${name} must be ${min} to ${max} characters long`;
  }
  if (max !== undefined) return `${name} must be at most ${max} characters long`;
  return `${name} must be at least ${min} characters long`;
}

/** Length in characters as JSON Schema counts them (code points: an emoji is one). */
function lengthOf(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) length--;
  }
  return length;
}

function stringKind(options: StringOptions): Kind<string> {
  const { min, max, trim, lowercase, format, pattern, check } = options;
  const notes = [
    trim ? 'Leading and trailing white space is removed first.' : undefined,
    lowercase ? 'Stored in lower case.' : undefined,
    pattern ? pattern.message : undefined,
  ].filter((note) => note !== undefined);
  return {
    prepare(value) {
      if (typeof value !== 'string') return value;
      const trimmed = trim ? value.trim() : value;
      return lowercase ? trimmed.toLowerCase() : trimmed;
    },
    problem(value, location, name) {
      const typeMessage = `${name} must be a string`;
      const single = notSingle(value, location, name, typeMessage);
      if (single !== undefined) return single;
      if (typeof value !== 'string') return typeMessage;
      const length = min === undefined && max === undefined ? 0 : lengthOf(value);
      if ((min !== undefined && length < min) || (max !== undefined && length > max)) {
        return options.message ?? lengthMessage(name, min, max);
      }
      if (pattern && !pattern.regex.test(value)) return `${name} ${pattern.message}`;
      const problem = check?.(value);
      return problem === undefined ? undefined : `${name} ${problem}`;
    },
    ...(format === 'email'
      ? {
          refine: (chain: ValidationChain, name: string) =>
            chain.isEmail().withMessage(`${name} must be an email address`),
        }
      : {}),
    schema: {
      type: 'string',
      ...(min === undefined ? {} : { minLength: min }),
      ...(max === undefined ? {} : { maxLength: max }),
      ...(format === undefined ? {} : { format }),
      ...(pattern === undefined ? {} : { pattern: pattern.regex.source }),
      ...(notes.length === 0 && options.description === undefined
        ? {}
        : { description: [options.description, ...notes].filter(Boolean).join(' ') }),
    },
    accepts: (value): value is string => typeof value === 'string',
  };
}

/** validator.js' isInt without options: digits with an optional sign, leading zeros allowed. */
const INTEGER_TEXT = /^[-+]?[0-9]+$/;

function integerKind(options: IntegerOptions): Kind<number> {
  const { min, max } = options;
  const inRange = (value: unknown): value is number =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
  return {
    // Text from a path or query becomes a number when it is one; a JSON body must send a
    // number: "1999" (a string) is a client bug to find, not to paper over.
    prepare: (value, location) =>
      location !== 'body' && typeof value === 'string' && INTEGER_TEXT.test(value)
        ? Number(value)
        : value,
    problem(value, location, name) {
      const message =
        options.message ??
        (max >= Number.MAX_SAFE_INTEGER
          ? `${name} must be a whole number from ${min}`
          : `${name} must be a whole number from ${min} to ${max}`);
      return notSingle(value, location, name, message) ?? (inRange(value) ? undefined : message);
    },
    schema: {
      type: 'integer',
      minimum: min,
      maximum: max,
      ...(options.description === undefined ? {} : { description: options.description }),
    },
    accepts: inRange,
  };
}

function oneOfKind<const V extends string>(values: readonly V[], options: Common): Kind<V> {
  const allowed: ReadonlySet<string> = new Set(values);
  const isAllowed = (value: unknown): value is V => typeof value === 'string' && allowed.has(value);
  return {
    prepare: (value) => value,
    problem(value, location, name) {
      const message = options.message ?? `${name} must be one of ${values.join(', ')}`;
      return notSingle(value, location, name, message) ?? (isAllowed(value) ? undefined : message);
    },
    schema: {
      type: 'string',
      enum: [...values],
      ...(options.description === undefined ? {} : { description: options.description }),
    },
    accepts: isAllowed,
  };
}

/**
 * The field builders. Every field is required unless `.optional()` or `.default(value)` says
 * otherwise, and every one is a single value: an array or an object is refused.
 *
 * ```ts
 * const productBody = {
 *   name: field.string({ min: 1, max: 200, trim: true }),
 *   priceCents: field.integer({ min: 0, max: 10_000_000_000 }),
 * };
 * ```
 */
export const field = {
  string(options: StringOptions = {}): FieldBuilder<string, false> {
    return new FieldBuilder(stringKind(options), { presence: 'required' }, false);
  },
  /** A whole number: a JSON number in a body, decimal digits in a path or query. */
  integer(options: IntegerOptions): FieldBuilder<number, false> {
    return new FieldBuilder(integerKind(options), { presence: 'required' }, false);
  },
  /** One of a fixed list of strings; the handler receives the union of their literal types. */
  oneOf<const V extends string>(
    values: readonly V[],
    options: Common = {},
  ): FieldBuilder<V, false> {
    return new FieldBuilder(oneOfKind(values, options), { presence: 'required' }, false);
  },
};

/** The JSON Schema of an object whose properties are `shape`'s fields. */
export function objectSchema(shape: Shape): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, declared] of Object.entries(shape)) {
    properties[name] = declared.schema;
    if (declared.required) required.push(name);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}
