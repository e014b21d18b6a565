import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import type { PostsRepository } from '../posts/posts.repository';
import { userPostsRouter } from '../posts/posts.routes';
import { usersHandlers } from './users.handlers';
import type { UsersRepository } from './users.repository';
import { userById } from './users.validation';

/** Mounted at /api/v1/users. Read-only until authentication arrives. */
export function usersRouter(deps: { users: UsersRepository; posts: PostsRepository }): Router {
  const handlers = usersHandlers(deps.users);
  const router = Router();

  router
    .route('/')
    .get(handlers.list)
    .all(methodNotAllowed(['GET']));
  // A route path matches the whole remaining path: '/:userId' never matches '/1/posts'.
  router
    .route('/:userId')
    .get(validate(userById), handlers.get)
    .all(methodNotAllowed(['GET']));
  // Nesting: another feature's router mounted below a path with a parameter of ours.
  router.use('/:userId/posts', userPostsRouter(deps));

  return router;
}
