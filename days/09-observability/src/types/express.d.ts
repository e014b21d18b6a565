// Typed request properties set by our middleware (request id, authenticated caller).
import 'express-serve-static-core';
import type { AuthenticatedUser } from '../core/security/authenticate';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the request-id middleware, first in the chain. */
    requestId: string;
    /** Set by `authenticate` once a valid access token names an existing user. */
    auth?: AuthenticatedUser;
  }
}
