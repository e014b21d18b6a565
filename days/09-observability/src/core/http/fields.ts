// A request contract declared once: each field knows how to build its express-validator chain
// for the place its value comes from, and which TypeScript type the handler receives.
// validate.ts runs the chains; `validated()` hands back the typed values.
import { type ValidationChain, body, param, query } from 'express-validator';

/** Where a value comes from. Path and query values are text; a JSON body keeps its types. */
export type Location = 'params' | 'query' | 'body';

/**
 * One declared input field. `T` is the type the handler receives; `Optional` says whether the
 * key may be missing from the validated values (`.optional()`); a field with a default is
 * always present.
 */
export interface Field<T, Optional extends boolean = boolean> {
  /** Phantom members: they carry the types for `Infer`, nothing is stored in them. */
  readonly valueType?: T;
  readonly isOptional: Optional;
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
}

/**
 * The rules of one kind of field. `build` adds the type and value checks to a chain that
 * already handles presence.
 */
interface Kind<T> {
  build(chain: ValidationChain, location: Location, name: string): ValidationChain;
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

  chain(location: Location, name: string): ValidationChain {
    let chain = BUILDERS[location](name);
    if (this.spec.presence === 'optional') chain = chain.optional();
    else if (this.spec.presence === 'default') chain = chain.default(this.spec.defaultValue);
    else chain = chain.exists().withMessage(`${name} is required`).bail();
    return this.kind.build(chain, location, name);
  }

  accepts(value: unknown): value is T {
    return this.kind.accepts(value);
  }
}

/**
 * The first check of every field: one value of the expected JSON type. express-validator runs
 * its standard validators (isIn, isInt, isLength...) on each item of an array, so without
 * this `{"role": ["admin"]}` would pass `isIn(roles)`. A repeated query parameter
 * (`?limit=5&limit=500`) arrives as an array too.
 */
function single(
  chain: ValidationChain,
  location: Location,
  name: string,
  jsonType: 'string' | 'number',
  typeMessage: string,
): ValidationChain {
  if (location === 'body') {
    return chain
      .custom((value) => typeof value === jsonType)
      .withMessage(typeMessage)
      .bail();
  }
  // Path and query values are text (or the field's default); an array or an object is a
  // repeated (or nested) parameter.
  return chain
    .custom((value) => value === null || typeof value !== 'object')
    .withMessage(`${name} must be given once`)
    .bail();
}

function lengthMessage(name: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) {
    return `${name} must be ${min} to ${max} characters long`;
  }
  if (max !== undefined) return `${name} must be at most ${max} characters long`;
  return `${name} must be at least ${min} characters long`;
}

function stringKind(options: StringOptions): Kind<string> {
  const { min, max, trim, lowercase, format, check } = options;
  return {
    build(chain, location, name) {
      let built = single(chain, location, name, 'string', `${name} must be a string`);
      if (trim) built = built.trim();
      if (lowercase) built = built.toLowerCase();
      if (min !== undefined || max !== undefined) {
        built = built
          .isLength({ min: min ?? 0, max })
          .withMessage(options.message ?? lengthMessage(name, min, max))
          .bail();
      }
      if (format === 'email') {
        built = built.isEmail().withMessage(`${name} must be an email address`).bail();
      }
      if (check !== undefined) {
        built = built.custom((value: string) => {
          const problem = check(value);
          if (problem !== undefined) throw new Error(`${name} ${problem}`);
          return true;
        });
      }
      return built;
    },
    accepts: (value): value is string => typeof value === 'string',
  };
}

function integerKind(options: IntegerOptions): Kind<number> {
  const { min, max } = options;
  const inRange = (value: number) => Number.isSafeInteger(value) && value >= min && value <= max;
  return {
    build(chain, location, name) {
      const message =
        options.message ??
        (max >= Number.MAX_SAFE_INTEGER
          ? `${name} must be a whole number from ${min}`
          : `${name} must be a whole number from ${min} to ${max}`);
      if (location === 'body') {
        // A JSON number, never the string "1999": a client that sends text has a bug to find.
        return chain
          .custom((value) => typeof value === 'number' && inRange(value))
          .withMessage(message);
      }
      // One value first: on an array, isInt would pass if every element did. Then a whole
      // number within this field's bounds, and only then the conversion.
      const once = single(chain, location, name, 'string', message);
      return once.isInt({ min, max }).withMessage(message).bail().toInt();
    },
    accepts: (value): value is number => typeof value === 'number' && inRange(value),
  };
}

function oneOfKind<const V extends string>(values: readonly V[], options: Common): Kind<V> {
  const allowed: ReadonlySet<string> = new Set(values);
  const isAllowed = (value: unknown): value is V => typeof value === 'string' && allowed.has(value);
  return {
    build(chain, location, name) {
      const message = options.message ?? `${name} must be one of ${values.join(', ')}`;
      return single(chain, location, name, 'string', message)
        .custom(isAllowed)
        .withMessage(message);
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
  /** One of a fixed list of strings (a role, a status); its type is the union of them. */
  oneOf<const V extends string>(
    values: readonly V[],
    options: Common = {},
  ): FieldBuilder<V, false> {
    return new FieldBuilder(oneOfKind(values, options), { presence: 'required' }, false);
  },
};
