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

/** Where an author's posts live, below the author (the posts module's router). */
const AUTHOR_POSTS = '/:userId/posts';

/** Mounted at /api/v1/users. Guards run before validation: strangers learn nothing. */
export function usersRouter(deps: {
  users: UsersService;
  posts: PostsService;
  guards: AuthGuards;
}): Router {
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
  // Nesting: another feature's router mounted below a path with a parameter of ours. A route
  // path matches the whole remaining path: '/:userId' never matches '/1/posts'.
  router.use(AUTHOR_POSTS, mountTemplate(AUTHOR_POSTS), userPostsRouter(deps));
  return router;
}
