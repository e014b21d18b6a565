import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import type { UsersRepository } from '../users/users.repository';
import { postsHandlers } from './posts.handlers';
import type { PostsRepository } from './posts.repository';

/**
 * Mounted by the users router at /:userId/posts. A router only sees the params of its own
 * paths: the parent's `:userId` is matched before this router runs.
 */
export function userPostsRouter(deps: { users: UsersRepository; posts: PostsRepository }): Router {
  const handlers = postsHandlers(deps);
  // TODO(exercise 2.3): the handler reads req.params.userId, but it is always undefined here,
  // so every author "does not exist". Make this router see its parent's params.
  const router = Router();

  router
    .route('/')
    .get(handlers.listByAuthor)
    .all(methodNotAllowed(['GET']));

  return router;
}
