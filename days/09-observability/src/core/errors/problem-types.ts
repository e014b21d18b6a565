import { Router } from 'express';
import { methodNotAllowed } from '../http/method-not-allowed';
import { NotFoundError } from './app-error';

/**
 * A kind of problem this API defines beyond `about:blank`. RFC 9457 lets a problem type, and
 * only a type, add members to the document: the two below add `errors`, the field problems.
 */
export interface ProblemType {
  /**
   * The identifier clients switch on. A full path on this API: it resolves to the same URI
   * from every request URL, and dereferencing it gives the documentation below.
   */
  readonly type: string;
  /** A summary of the type, the same on every occurrence (the `detail` says what happened). */
  readonly title: string;
  /** The one status the type is used with. */
  readonly status: number;
  /** For the developer who follows the type URI: what it means and what it adds. */
  readonly description: string;
}

/** Where the API serves the documentation of its problem types (createApp mounts the router). */
export const PROBLEM_TYPES_PATH = '/problems';

const FIELD_ERRORS_MEMBER =
  'The errors member lists every field problem as { location, field, message }: location is ' +
  'params, query, body or headers, field the path of the field ("" for the whole body).';

export const INVALID_PARAMETERS: ProblemType = {
  type: `${PROBLEM_TYPES_PATH}/invalid-parameters`,
  title: 'Invalid path or query parameters',
  status: 400,
  description: `A path or query parameter is missing or not valid. ${FIELD_ERRORS_MEMBER}`,
};

export const INVALID_BODY: ProblemType = {
  type: `${PROBLEM_TYPES_PATH}/invalid-body`,
  title: 'Invalid request body',
  status: 422,
  description: `The JSON body was read but does not fit the operation. ${FIELD_ERRORS_MEMBER}`,
};

export const PROBLEM_TYPES: readonly ProblemType[] = [INVALID_PARAMETERS, INVALID_BODY];

/** Field problems come with 400 (parameters, BadRequestError) or 422 (body, ValidationError). */
export function fieldErrorsType(status: number): ProblemType | undefined {
  return PROBLEM_TYPES.find((t) => t.status === status);
}

/** Mounted at PROBLEM_TYPES_PATH: each type URI answers with its documentation, as plain text. */
export function problemTypesRouter(): Router {
  const router = Router();
  router
    .route('/:name')
    .get((req, res) => {
      const uri = `${PROBLEM_TYPES_PATH}/${req.params['name']}`;
      const found = PROBLEM_TYPES.find((t) => t.type === uri);
      if (found === undefined) throw new NotFoundError('This API defines no such problem type');
      res
        .type('text/plain')
        .send(`${found.title}\n\nUsed with HTTP status ${found.status}.\n\n${found.description}\n`);
    })
    .all(methodNotAllowed(['GET']));
  return router;
}
