import {
  type OpenApiPaths,
  apiOperation,
  emptyResponse,
  headerRef,
  jsonResponse,
  problemResponse,
  schemaRef,
} from '../../core/http/openapi';
import { login, logout, refresh, register } from './auth.validation';

const tag = 'auth';
/** Token responses must not be cached by browsers or proxies (RFC 6749 section 5.1). */
const tokenPair = jsonResponse('A new token pair (never cached)', schemaRef('TokenPair'), {
  'Cache-Control': headerRef('NoStore'),
});

export const authSchemas = {
  TokenPair: {
    type: 'object',
    required: ['accessToken', 'refreshToken', 'tokenType', 'expiresIn'],
    additionalProperties: false,
    properties: {
      accessToken: { type: 'string', description: 'JWT (HS256)' },
      refreshToken: { type: 'string', description: 'Opaque, single use' },
      tokenType: { const: 'Bearer' },
      expiresIn: {
        type: 'integer',
        minimum: 1,
        maximum: 900,
        description: 'Access-token lifetime in seconds',
      },
    },
  },
};

/** The routes of auth.routes.ts, relative to its mount point (/api/v1/auth). */
export const authPaths: OpenApiPaths = {
  '/register': {
    post: apiOperation('post', {
      tag,
      operationId: 'register',
      summary: 'Create an account',
      description:
        'The role is always `user`; unknown fields are ignored, never assigned. Emails are unique, ignoring case.',
      contract: register,
      auth: 'public',
      responses: {
        '201': jsonResponse('The new user', schemaRef('User'), { Location: headerRef('Location') }),
        '409': problemResponse('An account with this email already exists'),
      },
    }),
  },
  '/login': {
    post: apiOperation('post', {
      tag,
      operationId: 'login',
      summary: 'Exchange credentials for a token pair',
      description:
        'An unknown email and a wrong password give the same 401, in the same time. Failed logins for one account from one client are limited (LOGIN_RATE_LIMIT_MAX per LOGIN_RATE_LIMIT_WINDOW_MS, 10 per 15 minutes by default): the login policy shows in the RateLimit headers next to the general one.',
      contract: login,
      auth: 'public',
      responses: {
        '200': tokenPair,
        '401': problemResponse('Invalid email or password'),
      },
    }),
  },
  '/refresh': {
    post: apiOperation('post', {
      tag,
      operationId: 'refresh',
      summary: 'Rotate a refresh token',
      description:
        'Returns a new pair and retires the presented refresh token. Presenting a retired token again revokes its whole family (every session descended from that login).',
      contract: refresh,
      auth: 'public',
      responses: {
        '200': tokenPair,
        '401': problemResponse('The refresh token is invalid, expired, revoked or reused'),
      },
    }),
  },
  '/logout': {
    post: apiOperation('post', {
      tag,
      operationId: 'logout',
      summary: 'End the session a refresh token belongs to',
      description: 'An unknown token succeeds too: there is nothing to reveal.',
      contract: logout,
      auth: 'public',
      responses: { '204': emptyResponse('Logged out; the token family is revoked') },
    }),
  },
};
