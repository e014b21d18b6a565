// Typed request properties set by our middleware (the authenticated caller).
import 'express-serve-static-core';
import type { AuthenticatedUser } from '../core/security/authenticate';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` once a valid access token names an existing user. */
    auth?: AuthenticatedUser;
  }
}
