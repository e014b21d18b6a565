import { Router } from 'express';
import { defineRoute } from '../../core/http/routes';
import { validate } from '../../core/http/legacy-validate';
import type { AuthGuards } from '../../core/security/authenticate';
import { usersHandlers } from './users.handlers';
import type { UsersService } from './users.service';
import {
  changeRoleSchema,
  listUsersSchema,
  updateProfileSchema,
  userIdSchema,
} from './users.validation';

/** Mounted at /api/v1/users. Guards run before validation: strangers learn nothing. */
export function usersRouter(deps: { users: UsersService; guards: AuthGuards }): Router {
  const { authenticate, requirePermission } = deps.guards;
  const handlers = usersHandlers(deps.users);
  const router = Router();

  defineRoute(router, '/me', {
    get: [authenticate, handlers.getMe],
    patch: [authenticate, validate(updateProfileSchema), handlers.updateMe],
  });
  defineRoute(router, '/', {
    get: [authenticate, requirePermission('users:read'), validate(listUsersSchema), handlers.list],
  });
  // Admin or self: the ownership check lives in the service's policy, not in a route guard.
  defineRoute(router, '/:id', {
    get: [authenticate, validate(userIdSchema), handlers.getById],
    delete: [
      authenticate,
      requirePermission('users:manage'),
      validate(userIdSchema),
      handlers.remove,
    ],
  });
  defineRoute(router, '/:id/role', {
    patch: [
      authenticate,
      requirePermission('users:manage'),
      validate(changeRoleSchema),
      handlers.changeRole,
    ],
  });
  return router;
}
