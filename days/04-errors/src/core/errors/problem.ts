import { STATUS_CODES } from 'node:http';
import type { FieldError } from './app-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, plus the field errors this API adds for validation problems. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

export function problem(input: {
  status: number;
  detail: string;
  instance: string;
  errors?: readonly FieldError[];
}): Problem {
  // TODO(exercise 4.5): `errors` is a member beyond RFC 9457's five, and only a problem type
  // can define such a member; about:blank defines none. Give the problems that carry field
  // errors a type of this API's own, with a title that describes the type.
  const body: Problem = {
    // about:blank means "the status code says it all"; the title is then the status phrase.
    type: 'about:blank',
    title: STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    detail: input.detail,
    instance: input.instance,
  };
  if (input.errors && input.errors.length > 0) body.errors = [...input.errors];
  return body;
}
