import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import type { UsersRepository } from '../users/users.repository';
import { postsHandlers } from './posts.handlers';
import type { PostsRepository } from './posts.repository';
import { postsByAuthor } from './posts.validation';

/**
 * Mounted by the users router at /:userId/posts. A router only sees the params of its own
 * paths: the parent's `:userId` is matched before this router runs.
 */
export function userPostsRouter(deps: { users: UsersRepository; posts: PostsRepository }): Router {
  const handlers = postsHandlers(deps);
  // mergeParams: true copies the parent's params (userId) into req.params of this router's
  // handlers. Without it Express gives every router a fresh req.params of its own.
  const router = Router({ mergeParams: true });

  router
    .route('/')
    .get(validate(postsByAuthor), handlers.listByAuthor)
    .all(methodNotAllowed(['GET']));

  return router;
}
