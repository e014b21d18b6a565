import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import { routeTemplate } from '../../core/logging/route-template';
import type { AuthGuards } from '../../core/security/authenticate';
import type { UsersService } from '../users/users.service';
import { postsHandlers, userPostsHandlers } from './posts.handlers';
import type { PostsService } from './posts.service';
import { createPost, listPosts, postById, postsByAuthor, updatePost } from './posts.validation';

/**
 * Mounted at /api/v1/posts: the posts, and a post's own address, whoever wrote it. The posts
 * module owns both of its routers; app.ts decides where this one lives, as it does for every
 * feature. Reads work anonymously; a token, if sent, reveals own drafts.
 */
export function postsRouter(deps: { posts: PostsService; guards: AuthGuards }): Router {
  const { authenticate, authenticateOptional, requirePermission } = deps.guards;
  const handlers = postsHandlers(deps.posts);
  const router = Router();

  router
    .route('/')
    .all(routeTemplate)
    .get(authenticateOptional, validate(listPosts), handlers.list)
    .post(authenticate, requirePermission('posts:create'), validate(createPost), handlers.create)
    .all(methodNotAllowed(['GET', 'POST']));
  // Ownership (author or admin) needs the post: the id first (400), then the policy (403),
  // then the body (422).
  router
    .route('/:id')
    .all(routeTemplate)
    .get(authenticateOptional, validate(postById), handlers.get)
    .patch(
      authenticate,
      validate(postById),
      handlers.authorizeChange,
      validate(updatePost),
      handlers.update,
    )
    .delete(authenticate, validate(postById), handlers.authorizeChange, handlers.remove)
    .all(methodNotAllowed(['GET', 'PATCH', 'DELETE']));
  return router;
}

/**
 * Mounted by the users router at /:userId/posts. A router only sees the params of its own
 * paths: the parent's `:userId` is matched before this router runs.
 */
export function userPostsRouter(deps: {
  users: UsersService;
  posts: PostsService;
  guards: AuthGuards;
}): Router {
  const handlers = userPostsHandlers(deps);
  // mergeParams: true copies the parent's params (userId) into req.params of this router's
  // handlers. Without it Express gives every router a fresh req.params of its own.
  const router = Router({ mergeParams: true });
  router
    .route('/')
    .all(routeTemplate)
    .get(deps.guards.authenticateOptional, validate(postsByAuthor), handlers.listByAuthor)
    .all(methodNotAllowed(['GET']));
  return router;
}
