import { STATUS_CODES } from 'node:http';
import type { FieldError } from './app-error';
import { fieldErrorsType } from './problem-types';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * RFC 9457 problem details, plus the request id and the field errors that this API's own
 * problem types define.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
}

export function problem(input: {
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: readonly FieldError[];
}): Problem {
  // A member beyond the standard five belongs to a problem type that defines it, and
  // about:blank defines none: field errors travel under the type this API defined for them.
  const fields =
    input.errors && input.errors.length > 0 ? fieldErrorsType(input.status) : undefined;
  const body: Problem = {
    // about:blank means "the status code says it all"; the title is then the status phrase.
    type: fields?.type ?? 'about:blank',
    title: fields?.title ?? STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    detail: input.detail,
    instance: input.instance,
    requestId: input.requestId,
  };
  if (fields !== undefined && input.errors) body.errors = [...input.errors];
  return body;
}
