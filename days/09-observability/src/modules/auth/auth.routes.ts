import { type RequestHandler, Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import { routeTemplate } from '../../core/logging/route-template';
import { authHandlers } from './auth.handlers';
import type { AuthService } from './auth.service';
import { login, logout, refresh, register } from './auth.validation';

/**
 * Mounted at /api/v1/auth. Public: these routes are how a client gets its tokens. The login
 * limit is built by createApp, which owns the rate limiters and their stores.
 */
export function authRouter(deps: { auth: AuthService; loginRateLimit: RequestHandler }): Router {
  const handlers = authHandlers(deps.auth);
  const router = Router();

  router
    .route('/register')
    .all(routeTemplate)
    .post(validate(register), handlers.register)
    .all(methodNotAllowed(['POST']));
  // The login limit counts failures before validation: a malformed guess is a guess too.
  router
    .route('/login')
    .all(routeTemplate)
    .post(deps.loginRateLimit, validate(login), handlers.login)
    .all(methodNotAllowed(['POST']));
  router
    .route('/refresh')
    .all(routeTemplate)
    .post(validate(refresh), handlers.refresh)
    .all(methodNotAllowed(['POST']));
  router
    .route('/logout')
    .all(routeTemplate)
    .post(validate(logout), handlers.logout)
    .all(methodNotAllowed(['POST']));
  return router;
}
