// Validates values against the schemas of the OpenAPI document with Ajv's JSON Schema
// 2020-12 dialect (the one OpenAPI 3.1 uses). Component schemas are registered once under
// their own id, and every '#/components/...' reference is rewritten to point there.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { openApiDocument } from '../../src/modules/docs/openapi';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Operation {
  readonly operationId: string;
  readonly security?: Json[];
  readonly parameters?: JsonObject[];
  readonly requestBody?: JsonObject;
  readonly responses: Record<string, JsonObject>;
}

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;

export const doc = openApiDocument as unknown as {
  openapi: string;
  paths: Record<
    string,
    Record<string, Json> & Partial<Record<(typeof HTTP_METHODS)[number], Operation>>
  >;
  components: Record<string, Record<string, JsonObject>>;
};

const COMPONENTS_ID = 'https://enterprise-express.example/openapi/components';

function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] =
        key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')
          ? `${COMPONENTS_ID}#/$defs/${child.slice('#/components/schemas/'.length)}`
          : rewriteRefs(child);
    }
    return out;
  }
  return value;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addFormat('date-time', {
  type: 'string',
  validate: (s: string) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)),
});
ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
ajv.addSchema({
  $id: COMPONENTS_ID,
  $defs: rewriteRefs(doc.components['schemas'] as Json) as JsonObject,
});

const cache = new Map<string, ValidateFunction>();

/** A validator for a schema taken from the document (inline or a $ref). */
export function compile(schema: JsonObject): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(rewriteRefs(schema) as JsonObject);
    cache.set(key, validate);
  }
  return validate;
}

/** Follows a local '#/components/...' reference (responses, parameters, headers). */
export function deref(value: JsonObject): JsonObject {
  const target = value['$ref'];
  if (typeof target !== 'string') return value;
  const parts = target.replace(/^#\//, '').split('/');
  let node: Json = doc as unknown as Json;
  for (const part of parts) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(part in node)) {
      throw new Error(`unresolvable $ref ${target}`);
    }
    node = (node as JsonObject)[part] as Json;
  }
  return deref(node as JsonObject);
}

/** Every $ref in the document, with where it was found. */
export function allRefs(value: Json = doc as unknown as Json, at = '#'): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((child, i) => allRefs(child, `${at}/${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) =>
      key === '$ref' && typeof child === 'string'
        ? [[at, child] as [string, string]]
        : allRefs(child, `${at}/${key}`),
    );
  }
  return [];
}
