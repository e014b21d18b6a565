// Our "extractor": a middleware that validates a request against its contract before the
// handler runs, and a typed accessor that hands the handler only what was validated. In axum
// the handler's signature (Path<Id>, Query<Page>, Json<Input>) does this; in Express it is a
// middleware in front of the handler, and the handler asks for the result by location.
import type { Request, RequestHandler } from 'express';
import { type ValidationChain, matchedData, validationResult } from 'express-validator';
import { BadRequestError, type FieldError, ValidationError } from '../errors/app-error';
import type { Infer, Location, Shape } from './fields';

/**
 * A rule across the fields of one location ("send at least one of ...", "max must not be
 * below min"), checked once every field of that location is valid, on the validated values.
 */
export interface Rule {
  readonly location: 'query' | 'body';
  /** The field the error names; '' for the location as a whole. */
  readonly field: string;
  readonly message: string;
  holds(req: Request): boolean;
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
    readonly holds: (values: Infer<S>) => boolean;
  },
): Rule {
  return {
    location,
    field: spec.field,
    message: spec.message,
    holds: (req) => spec.holds(validated(req, location, shape)),
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
 * passes the rejected promise of this async middleware to the error handler.
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
    const input = inputsOf(req);
    for (const chain of locators) await chain.run(input);
    const locatorErrors = collectErrors(input);
    if (locatorErrors.length === 0) locatorErrors.push(...broken(queryRules, req));
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
      for (const chain of bodyChains) await chain.run(input);
      const bodyErrors = collectErrors(input);
      if (bodyErrors.length === 0) bodyErrors.push(...broken(bodyRules, req));
      if (bodyErrors.length > 0) throw new ValidationError(bodyErrors);
    }
    next();
  };
}

function chainsOf(shape: Shape | undefined, location: Location): ValidationChain[] {
  return Object.entries(shape ?? {}).map(([name, declared]) => declared.chain(location, name));
}

/**
 * What the chains run on: copies of the request's inputs. express-validator reads a field from
 * `input[location]` and writes each sanitized value (a trimmed string, the number `toInt`
 * made) back into it. On copies those values stay where the next chain and `validated()` find
 * them, while `req.params`, `req.query` and `req.body` keep exactly what the client sent, so
 * the validated values can only be had through `validated()`. It also reads `req.query` once:
 * that getter parses the URL again on every read.
 */
interface Inputs {
  params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
}

const inputsByRequest = new WeakMap<Request, Inputs>();

function inputsOf(req: Request): Inputs {
  const taken = inputsByRequest.get(req);
  if (taken !== undefined) {
    // A second validate() on the same request (in a nested router, say): the query and body
    // are the same, but each router has its own req.params.
    taken.params = { ...req.params };
    return taken;
  }
  const input: Inputs = {
    params: { ...req.params },
    query: req.query,
    // A deep copy: a sanitizer of a nested field (`items.*.name`) writes into the copy too.
    body: structuredClone(req.body),
  };
  inputsByRequest.set(req, input);
  return input;
}

function broken(rules: readonly Rule[], req: Request): FieldError[] {
  return rules
    .filter((r) => !r.holds(req))
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
  const input = inputsByRequest.get(req);
  const data =
    input === undefined
      ? {}
      : matchedData(input, { locations: [location], includeOptionals: false });
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(shape)) {
    if (data[name] !== undefined) values[name] = data[name];
  }
  if (!matches(shape, values)) {
    throw new Error(
      `validated(): the ${location} of ${req.method} ${req.originalUrl} was not validated ` +
        'against this shape; mount validate(contract) on the route before the handler',
    );
  }
  return values;
}

function matches<S extends Shape>(shape: S, values: Record<string, unknown>): values is Infer<S> {
  return Object.entries(shape).every(([name, declared]) =>
    values[name] === undefined ? declared.isOptional : declared.accepts(values[name]),
  );
}
