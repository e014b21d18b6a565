import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import type { AuthGuards } from '../../core/security/authenticate';
import type { PostsRepository } from '../posts/posts.repository';
import { userPostsRouter } from '../posts/posts.routes';
import { usersHandlers } from './users.handlers';
import type { UsersRepository } from './users.repository';
import type { UsersService } from './users.service';
import { listUsers, updateProfile, userById } from './users.validation';

/**
 * Mounted at /api/v1/users. Accounts carry email addresses, so reading them needs a signed-in
 * caller; the guard runs before validation, so a stranger learns nothing about the route.
 */
export function usersRouter(deps: {
  users: UsersService;
  guards: AuthGuards;
  /** What the nested posts router reads: the posts, and the users, to check an author exists. */
  userPosts: { users: UsersRepository; posts: PostsRepository };
}): Router {
  const { authenticate } = deps.guards;
  const handlers = usersHandlers(deps.users);
  const router = Router();

  router
    .route('/')
    .get(authenticate, validate(listUsers), handlers.list)
    .all(methodNotAllowed(['GET']));
  // Before '/:userId', which would otherwise take 'me' for an id (and refuse it with 400).
  router
    .route('/me')
    .get(authenticate, handlers.getMe)
    .patch(authenticate, validate(updateProfile), handlers.updateMe)
    .all(methodNotAllowed(['GET', 'PATCH']));
  // A route path matches the whole remaining path: '/:userId' never matches '/1/posts'.
  router
    .route('/:userId')
    .get(authenticate, validate(userById), handlers.get)
    .all(methodNotAllowed(['GET']));
  // Nesting: another feature's router mounted below a path with a parameter of ours. An
  // author's published posts are public: no guard.
  router.use('/:userId/posts', userPostsRouter(deps.userPosts));

  return router;
}
