import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import type { UsersRepository } from '../users/users.repository';
import { postsHandlers, userPostsHandlers } from './posts.handlers';
import type { PostsRepository } from './posts.repository';
import { postsByAuthor } from './posts.validation';

/**
 * Mounted at /api/v1/posts: a post's own address, whoever wrote it. The posts module owns
 * both of its routers; app.ts decides where this one lives, as it does for every feature.
 */
export function postsRouter(deps: { posts: PostsRepository }): Router {
  const handlers = postsHandlers(deps.posts);
  const router = Router();

  router
    .route('/:id')
    .get(handlers.get)
    .all(methodNotAllowed(['GET']));

  return router;
}

/**
 * Mounted by the users router at /:userId/posts. A router only sees the params of its own
 * paths: the parent's `:userId` is matched before this router runs.
 */
export function userPostsRouter(deps: { users: UsersRepository; posts: PostsRepository }): Router {
  const handlers = userPostsHandlers(deps);
  // mergeParams: true copies the parent's params (userId) into req.params of this router's
  // handlers. Without it Express gives every router a fresh req.params of its own.
  const router = Router({ mergeParams: true });

  router
    .route('/')
    .get(validate(postsByAuthor), handlers.listByAuthor)
    .all(methodNotAllowed(['GET']));

  return router;
}
