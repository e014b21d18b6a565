import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import { routeTemplate } from '../../core/logging/route-template';
import type { AuthGuards } from '../../core/security/authenticate';
import { usersHandlers } from './users.handlers';
import type { UsersService } from './users.service';
import { changeRole, listUsers, updateProfile, userById } from './users.validation';

/** Mounted at /api/v1/users. Guards run before validation: strangers learn nothing. */
export function usersRouter(deps: { users: UsersService; guards: AuthGuards }): Router {
  const { authenticate, requirePermission } = deps.guards;
  const handlers = usersHandlers(deps.users);
  const router = Router();

  router
    .route('/me')
    .all(routeTemplate)
    .get(authenticate, handlers.getMe)
    .patch(authenticate, validate(updateProfile), handlers.updateMe)
    .all(methodNotAllowed(['GET', 'PATCH']));
  router
    .route('/')
    .all(routeTemplate)
    .get(authenticate, requirePermission('users:read'), validate(listUsers), handlers.list)
    .all(methodNotAllowed(['GET']));
  // Admin or self: the ownership check lives in the service's policy, not in a route guard.
  router
    .route('/:id')
    .all(routeTemplate)
    .get(authenticate, validate(userById), handlers.getById)
    .delete(authenticate, requirePermission('users:manage'), validate(userById), handlers.remove)
    .all(methodNotAllowed(['GET', 'DELETE']));
  router
    .route('/:id/role')
    .all(routeTemplate)
    .patch(
      authenticate,
      requirePermission('users:manage'),
      validate(changeRole),
      handlers.changeRole,
    )
    .all(methodNotAllowed(['PATCH']));
  return router;
}
