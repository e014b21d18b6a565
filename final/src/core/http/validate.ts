// Our "extractor": a middleware that validates a request against its contract before the
// handler runs, and a typed accessor that hands the handler only what was validated. In axum
// the handler's signature (Path<Id>, Query<Page>, Json<Input>) does this; in Express it is a
// middleware in front of the handler, and the handler asks for the result by location.
import type { Request, RequestHandler } from 'express';
import { type ValidationChain, matchedData, validationResult } from 'express-validator';
import { BadRequestError, type FieldError, ValidationError } from '../errors/app-error';
import type { Infer, JsonSchema, Location, Shape } from './fields';

/**
 * A rule across the fields of one location ("send at least one of ...", "max must not be
 * below min"), checked once every field of that location is valid, on the validated values.
 */
export interface Rule {
  readonly location: 'query' | 'body';
  /** The field the error names; '' for the location as a whole. */
  readonly field: string;
  readonly message: string;
  /** How the rule reads in JSON Schema, where it can be said (`anyOf`, `dependentRequired`). */
  readonly schema?: JsonSchema;
  /** `values`: the validated values of the rule's location. */
  holds(values: Readonly<Record<string, unknown>>): boolean;
}

/**
 * What the chains run on: copies of the request's inputs. express-validator reads a field from
 * `input[location]` and writes each sanitized value (a trimmed string, a converted number)
 * back into it. On copies those values stay where the next chain and matchedData find them,
 * while `req.params`, `req.query` and `req.body` keep exactly what the client sent, so the
 * validated values can only be had through `validated()`. It also reads `req.query` once:
 * that getter parses the URL again on every read, and express-validator reads a field's
 * location for every step of its chain.
 */
interface Inputs {
  params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  /** Copied when a contract first declares a body: a route without one never pays for it. */
  body: unknown;
  bodyCopied: boolean;
}

/**
 * Per request: the inputs the chains ran on, and the validated values by location
 * (express-validator's matchedData, read once per location) that `validated()` hands out.
 * Dropped with the request.
 */
interface Validation {
  readonly input: Inputs;
  readonly values: Partial<Record<Location, Record<string, unknown>>>;
}

const validations = new WeakMap<Request, Validation>();

function validationOf(req: Request): Validation {
  const taken = validations.get(req);
  if (taken !== undefined) {
    // A second validate() on the same request (in a nested router, say): the query and body
    // are the same, but each router has its own req.params.
    taken.input.params = { ...req.params };
    return taken;
  }
  const validation: Validation = {
    input: { params: { ...req.params }, query: req.query, body: req.body, bodyCopied: false },
    values: {},
  };
  validations.set(req, validation);
  return validation;
}

/** Everything a route accepts: its path parameters, query and JSON body, declared once. */
export interface Contract {
  readonly params?: Shape;
  readonly query?: Shape;
  readonly body?: Shape;
  readonly rules?: readonly Rule[];
}

/**
 * Declares a contract. The identity function, for the types: `createProduct.body` keeps its
 * exact shape, so `validated(req, 'body', createProduct.body)` is typed field by field.
 */
export function contract<const C extends Contract>(declared: C): C {
  return declared;
}

/** A typed cross-field rule: `holds` receives the validated values of `shape`. */
export function rule<S extends Shape>(
  location: 'query' | 'body',
  shape: S,
  spec: {
    readonly field: string;
    readonly message: string;
    readonly schema?: JsonSchema;
    readonly holds: (values: Infer<S>) => boolean;
  },
): Rule {
  return {
    location,
    field: spec.field,
    message: spec.message,
    schema: spec.schema,
    holds: (values) => spec.holds(pick(values, location, shape)),
  };
}

/** The body must carry at least one of `names` (a PATCH that changes nothing is a mistake). */
export function atLeastOneOf<S extends Shape>(
  shape: S,
  names: readonly (keyof S & string)[],
): Rule {
  return rule('body', shape, {
    field: '',
    message: `send at least one of ${names.join(', ')}`,
    schema: { anyOf: names.map((name) => ({ required: [name] })) },
    holds: (values) => names.some((name) => name in values),
  });
}

/**
 * Each contract's middleware, built the first time a route declares the contract. A process
 * builds its app once, but a test suite builds one per test, and express-validator's chains
 * are the costly part of declaring a route. Ajv keeps its compiled schemas the same way.
 */
const validators = new WeakMap<Contract, RequestHandler>();

/**
 * Validates a request in two steps. Bad path or query parameters mean the client asked for
 * something that cannot exist: 400, and the body is not even looked at. A well-formed request
 * whose JSON body has wrong fields is 422 Unprocessable Content. Both are thrown: Express 5
 * passes the rejected promise of this async middleware to the error handler. Mount it after
 * authentication and authorization, so a caller who may not use the route learns nothing
 * about the body it expects.
 */
export function validate(declared: Contract): RequestHandler {
  let middleware = validators.get(declared);
  if (middleware === undefined) {
    middleware = validatorFor(declared);
    validators.set(declared, middleware);
  }
  return middleware;
}

function validatorFor(declared: Contract): RequestHandler {
  // The chains are built here, once per contract; each request only runs them.
  const locators = [...chainsOf(declared.params, 'params'), ...chainsOf(declared.query, 'query')];
  const bodyChains = chainsOf(declared.body, 'body');
  const rules = declared.rules ?? [];
  const queryRules = rules.filter((r) => r.location === 'query');
  const bodyRules = rules.filter((r) => r.location === 'body');

  return async (req, _res, next) => {
    const { input, values } = validationOf(req);
    await run(locators, input);
    const locatorErrors = collectErrors(input);
    if (locatorErrors.length === 0) {
      if (declared.params !== undefined) values.params = matched(input, 'params');
      if (declared.query !== undefined) {
        values.query = matched(input, 'query');
        locatorErrors.push(...broken(queryRules, values.query));
      }
    }
    if (locatorErrors.length > 0) {
      throw new BadRequestError('The path or query parameters are not valid', locatorErrors);
    }

    if (declared.body !== undefined) {
      // No body, a body that was not JSON (left unparsed: undefined), an array or a scalar.
      if (input.body === undefined || typeof input.body !== 'object' || Array.isArray(input.body)) {
        throw new ValidationError(
          [{ location: 'body', field: '', message: 'Send a JSON object' }],
          'The request body must be a JSON object',
        );
      }
      if (!input.bodyCopied) {
        // A deep copy: a sanitizer of a nested field (`items.*.name`) writes into the copy too.
        input.body = structuredClone(input.body);
        input.bodyCopied = true;
      }
      await run(bodyChains, input);
      const bodyErrors = collectErrors(input);
      if (bodyErrors.length === 0) {
        values.body = matched(input, 'body');
        bodyErrors.push(...broken(bodyRules, values.body));
      }
      if (bodyErrors.length > 0) throw new ValidationError(bodyErrors);
    }
    next();
  };
}

interface FieldChain {
  readonly location: Location;
  readonly name: string;
  readonly optional: boolean;
  readonly chain: ValidationChain;
}

function chainsOf(shape: Shape | undefined, location: Location): FieldChain[] {
  return Object.entries(shape ?? {}).map(([name, declared]) => ({
    location,
    name,
    optional: declared.isOptional,
    chain: declared.chain(location, name),
  }));
}

/**
 * Runs the chains one after the other (errors keep the contract's order). The chain of an
 * optional field the request does not carry is skipped: express-validator would only find it
 * absent and record nothing, and each run costs a field selection and a pass per item.
 */
async function run(chains: readonly FieldChain[], input: Inputs): Promise<void> {
  for (const { location, name, optional, chain } of chains) {
    const values: unknown = input[location];
    const absent = typeof values === 'object' && values !== null && !Object.hasOwn(values, name);
    if (optional && absent) continue;
    await chain.run(input);
  }
}

function matched(input: Inputs, location: Location): Record<string, unknown> {
  return matchedData(input, { locations: [location], includeOptionals: false });
}

function broken(rules: readonly Rule[], values: Record<string, unknown>): FieldError[] {
  return rules
    .filter((r) => !r.holds(values))
    .map((r) => ({ location: r.location, field: r.field, message: r.message }));
}

/** Every chain run on these inputs so far; the first error of each field only. */
function collectErrors(input: Inputs): FieldError[] {
  return validationResult(input)
    .array({ onlyFirstError: true })
    .map((error) =>
      error.type === 'field'
        ? { location: toLocation(error.location), field: error.path, message: String(error.msg) }
        : { location: 'body' as const, field: '', message: String(error.msg) },
    );
}

function toLocation(location: string): FieldError['location'] {
  return location === 'params' || location === 'query' || location === 'headers'
    ? location
    : 'body';
}

/**
 * The validated (and converted) values of one location, typed by the shape they were
 * validated against: fields the shape does not declare are not there, and optional fields the
 * client did not send are left out. Read this, never `req.body` or `req.query`: they hold what
 * the client sent, and the converted values (numbers, trimmed strings, defaults) exist only in
 * what validate() ran its chains on.
 *
 * Throws when the values do not match the shape: the route forgot `validate(contract)`, or
 * validated against another contract. That is a bug to fix, not a client error.
 */
export function validated<S extends Shape>(req: Request, location: Location, shape: S): Infer<S> {
  const data = validations.get(req)?.values[location];
  try {
    if (data === undefined) throw new Error(`the ${location} was not validated`);
    return pick(data, location, shape);
  } catch {
    throw new Error(
      `validated(): the ${location} of ${req.method} ${req.originalUrl} was not validated ` +
        'against this shape; mount validate(contract) on the route before the handler',
    );
  }
}

/** The values `shape` declares, checked against their declared types. */
function pick<S extends Shape>(
  data: Readonly<Record<string, unknown>>,
  location: Location,
  shape: S,
): Infer<S> {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(shape)) {
    if (data[name] !== undefined) values[name] = data[name];
  }
  if (!matches(shape, values)) throw new Error(`the ${location} does not match the shape`);
  return values;
}

function matches<S extends Shape>(shape: S, values: Record<string, unknown>): values is Infer<S> {
  return Object.entries(shape).every(([name, declared]) =>
    values[name] === undefined ? declared.isOptional : declared.accepts(values[name]),
  );
}
