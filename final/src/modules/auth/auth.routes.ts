import { type RequestHandler, Router } from 'express';
import { defineRoute } from '../../core/http/routes';
import { validate } from '../../core/http/legacy-validate';
import { authHandlers } from './auth.handlers';
import type { AuthService } from './auth.service';
import { loginSchema, refreshSchema, registerSchema } from './auth.validation';

/** Mounted at /api/v1/auth. */
export function authRouter(deps: { auth: AuthService; loginRateLimit: RequestHandler }): Router {
  const handlers = authHandlers(deps.auth);
  const router = Router();

  defineRoute(router, '/register', { post: [validate(registerSchema), handlers.register] });
  defineRoute(router, '/login', {
    post: [deps.loginRateLimit, validate(loginSchema), handlers.login],
  });
  defineRoute(router, '/refresh', { post: [validate(refreshSchema), handlers.refresh] });
  defineRoute(router, '/logout', { post: [validate(refreshSchema), handlers.logout] });
  return router;
}
