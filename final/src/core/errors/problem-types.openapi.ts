import {
  type OpenApiObject,
  type OpenApiPaths,
  plainOperation,
  problemResponse,
  schemaRef,
} from '../http/openapi';
import {
  INVALID_BODY,
  INVALID_PARAMETERS,
  PROBLEM_TYPES,
  PROBLEM_TYPES_PATH,
  type ProblemType,
} from './problem-types';

const tag = 'operations';

/** A problem document of one of this API's problem types: its identity fixed, `errors` required. */
function problemTypeSchema(problemType: ProblemType): OpenApiObject {
  return {
    description: `${problemType.title}: ${problemType.description}`,
    allOf: [
      schemaRef('Problem'),
      {
        type: 'object',
        required: ['errors'],
        properties: {
          type: { const: problemType.type },
          title: { const: problemType.title },
          status: { const: problemType.status },
          errors: { type: 'array', minItems: 1 },
        },
      },
    ],
  };
}

/** The problem documents whose type this API defines (the responses refer to them by name). */
export const problemTypeSchemas = {
  InvalidParametersProblem: problemTypeSchema(INVALID_PARAMETERS),
  InvalidBodyProblem: problemTypeSchema(INVALID_BODY),
};

/** The routes of problemTypesRouter, relative to its mount point (PROBLEM_TYPES_PATH). */
export const problemTypesPaths: OpenApiPaths = {
  '/:name': {
    get: plainOperation({
      tag,
      operationId: 'getProblemType',
      summary: 'What a problem type of this API means (where its `type` URI points)',
      parameters: [
        {
          name: 'name',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            enum: PROBLEM_TYPES.map((t) => t.type.slice(PROBLEM_TYPES_PATH.length + 1)),
          },
        },
      ],
      responses: {
        '200': {
          description: 'The documentation of the problem type, as plain text',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        '404': problemResponse('This API defines no problem type of that name'),
      },
    }),
  },
};
