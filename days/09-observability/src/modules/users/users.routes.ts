import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import { mountTemplate, routeTemplate } from '../../core/logging/route-template';
import type { AuthGuards } from '../../core/security/authenticate';
import { userPostsRouter } from '../posts/posts.routes';
import type { PostsService } from '../posts/posts.service';
import { usersHandlers } from './users.handlers';
import type { UsersService } from './users.service';
import { changeRole, listUsers, updateProfile, userById } from './users.validation';

/**
 * Mounted at /api/v1/users. Accounts carry email addresses, so every route here needs a
 * signed-in caller, and each runs authentication, then authorization, then validation: a
 * caller who may not use a route learns nothing about what it expects.
 */
export function usersRouter(deps: {
  users: UsersService;
  posts: PostsService;
  guards: AuthGuards;
}): Router {
  const { authenticate, requirePermission } = deps.guards;
  const handlers = usersHandlers(deps.users);
  const router = Router();

  router
    .route('/')
    .all(routeTemplate)
    .get(authenticate, requirePermission('users:read'), validate(listUsers), handlers.list)
    .all(methodNotAllowed(['GET']));
  // Before '/:userId', which would otherwise take 'me' for an id (and refuse it with 400).
  router
    .route('/me')
    .all(routeTemplate)
    .get(authenticate, handlers.getMe)
    .patch(authenticate, validate(updateProfile), handlers.updateMe)
    .all(methodNotAllowed(['GET', 'PATCH']));
  // A route path matches the whole remaining path: '/:userId' never matches '/1/posts'.
  // Reading an account is for its owner or whoever may read users: the service's policy
  // decides, because it needs the id. Deleting one and changing a role need a permission.
  router
    .route('/:userId')
    .all(routeTemplate)
    .get(authenticate, validate(userById), handlers.get)
    .delete(authenticate, requirePermission('users:manage'), validate(userById), handlers.remove)
    .all(methodNotAllowed(['GET', 'DELETE']));
  router
    .route('/:userId/role')
    .all(routeTemplate)
    .patch(
      authenticate,
      requirePermission('users:manage'),
      validate(changeRole),
      handlers.changeRole,
    )
    .all(methodNotAllowed(['PATCH']));
  // Nesting: another feature's router mounted below a path with a parameter of ours. An
  // author's published posts are public: the posts router authenticates only if a token is sent.
  router.use('/:userId/posts', mountTemplate('/:userId/posts'), userPostsRouter(deps));

  return router;
}
