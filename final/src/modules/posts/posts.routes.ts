import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import { routeTemplate } from '../../core/logging/route-template';
import type { AuthGuards } from '../../core/security/authenticate';
import { postsHandlers } from './posts.handlers';
import type { PostsService } from './posts.service';
import { createPost, listPosts, postById, updatePost } from './posts.validation';

/** Mounted at /api/v1/posts. Reads work anonymously; a token, if sent, reveals own drafts. */
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
