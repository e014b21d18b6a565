import {
  type OpenApiPaths,
  apiOperation,
  emptyResponse,
  jsonResponse,
  pageOf,
  problemResponse,
  schemaRef,
} from '../../core/http/openapi';
import { ROLES } from '../../core/security/permissions';
import { changeRole, listUsers, updateProfile, userById } from './users.validation';

const tag = 'users';
const notFound = 'No user with this id';
const adminOnly = "The caller's role lacks users:manage";

/** A user as the API shows it: never the password hash. */
export const usersSchemas = {
  Role: { type: 'string', enum: [...ROLES] },
  User: {
    type: 'object',
    required: ['id', 'email', 'name', 'role', 'createdAt', 'updatedAt'],
    additionalProperties: false,
    properties: {
      id: schemaRef('Id'),
      email: { type: 'string', format: 'email', examples: ['ada@example.com'] },
      name: { type: 'string', examples: ['Ada Lovelace'] },
      role: schemaRef('Role'),
      createdAt: schemaRef('Timestamp'),
      updatedAt: schemaRef('Timestamp'),
    },
  },
};

/** The routes of users.routes.ts, relative to its mount point (/api/v1/users). */
export const usersPaths: OpenApiPaths = {
  '/me': {
    get: apiOperation('get', {
      tag,
      operationId: 'getMe',
      summary: 'The caller',
      auth: 'bearer',
      responses: { '200': jsonResponse('The caller', schemaRef('User')) },
    }),
    patch: apiOperation('patch', {
      tag,
      operationId: 'updateMe',
      summary: "Change the caller's name or password",
      description:
        'A password change needs `currentPassword` and signs out every session of the caller (all refresh tokens are revoked).',
      contract: updateProfile,
      auth: 'bearer',
      forbidden: '`currentPassword` is not the current password',
      notFound: 'The caller was deleted meanwhile',
      responses: { '200': jsonResponse('The caller as it is now', schemaRef('User')) },
    }),
  },
  '/': {
    get: apiOperation('get', {
      tag,
      operationId: 'listUsers',
      summary: 'List users (admin)',
      contract: listUsers,
      auth: 'bearer',
      forbidden: "The caller's role lacks users:read",
      responses: { '200': jsonResponse('A page of users', pageOf(schemaRef('User'))) },
    }),
  },
  '/:userId': {
    get: apiOperation('get', {
      tag,
      operationId: 'getUser',
      summary: 'One user (admin, or the user themself)',
      contract: userById,
      auth: 'bearer',
      forbidden: 'Another user, and the caller lacks users:read',
      notFound,
      responses: { '200': jsonResponse('The user', schemaRef('User')) },
    }),
    delete: apiOperation('delete', {
      tag,
      operationId: 'deleteUser',
      summary: 'Delete a user and their posts and sessions (admin)',
      contract: userById,
      auth: 'bearer',
      forbidden: adminOnly,
      notFound,
      responses: {
        '204': emptyResponse('Deleted'),
        '409': problemResponse('The last admin cannot be deleted'),
      },
    }),
  },
  '/:userId/role': {
    patch: apiOperation('patch', {
      tag,
      operationId: 'changeUserRole',
      summary: "Change a user's role (admin)",
      description: "Takes effect on the user's next request: the role is read per request.",
      contract: changeRole,
      auth: 'bearer',
      forbidden: adminOnly,
      notFound,
      responses: {
        '200': jsonResponse('The user with the new role', schemaRef('User')),
        '409': problemResponse('The last admin cannot be demoted'),
      },
    }),
  },
};
