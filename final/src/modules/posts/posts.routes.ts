import { Router } from 'express';
import { defineRoute } from '../../core/http/routes';
import { validate } from '../../core/http/legacy-validate';
import type { AuthGuards } from '../../core/security/authenticate';
import { postsHandlers } from './posts.handlers';
import type { PostsService } from './posts.service';
import {
  createPostSchema,
  listPostsSchema,
  postIdSchema,
  updatePostSchema,
} from './posts.validation';

/** Mounted at /api/v1/posts. Reads work anonymously; a token, if sent, reveals own drafts. */
export function postsRouter(deps: { posts: PostsService; guards: AuthGuards }): Router {
  const { authenticate, authenticateOptional, requirePermission } = deps.guards;
  const handlers = postsHandlers(deps.posts);
  const router = Router();

  defineRoute(router, '/', {
    get: [authenticateOptional, validate(listPostsSchema), handlers.list],
    post: [
      authenticate,
      requirePermission('posts:create'),
      validate(createPostSchema),
      handlers.create,
    ],
  });
  // Ownership (author or admin) is a policy in the service: it needs the post itself.
  defineRoute(router, '/:id', {
    get: [authenticateOptional, validate(postIdSchema), handlers.get],
    patch: [authenticate, validate(updatePostSchema), handlers.update],
    delete: [authenticate, validate(postIdSchema), handlers.remove],
  });
  return router;
}
