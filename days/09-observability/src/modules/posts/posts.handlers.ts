import type { NextFunction, Request, Response } from 'express';
import { validated } from '../../core/http/validate';
import { callerOf } from '../../core/security/authenticate';
import type { UsersService } from '../users/users.service';
import type { PostsService } from './posts.service';
import { createPost, listPosts, postById, postsByAuthor, updatePost } from './posts.validation';

/** The handlers of /posts and a post's own address, /posts/:id. */
export function postsHandlers(posts: PostsService) {
  return {
    async list(req: Request, res: Response) {
      res.json(await posts.list(req.auth, validated(req, 'query', listPosts.query)));
    },

    async get(req: Request, res: Response) {
      const { id } = validated(req, 'params', postById.params);
      res.json(await posts.get(req.auth, id));
    },

    async create(req: Request, res: Response) {
      const post = await posts.create(callerOf(req), validated(req, 'body', createPost.body));
      res.status(201).location(`${req.baseUrl}/${post.id}`).json(post);
    },

    /**
     * The ownership policy as a route guard: it needs the post, so it runs once the id is
     * validated, and before the body is: a caller who may not change the post gets 403 (or
     * 404 for someone else's draft) whatever body they sent.
     */
    async authorizeChange(req: Request, _res: Response, next: NextFunction) {
      const { id } = validated(req, 'params', postById.params);
      await posts.authorizeChange(callerOf(req), id);
      next();
    },

    async update(req: Request, res: Response) {
      const { id } = validated(req, 'params', updatePost.params);
      res.json(await posts.update(callerOf(req), id, validated(req, 'body', updatePost.body)));
    },

    async remove(req: Request, res: Response) {
      const { id } = validated(req, 'params', postById.params);
      await posts.delete(callerOf(req), id);
      res.status(204).end();
    },
  };
}

/** The handlers below an author, /users/:userId/posts: the author must exist. */
export function userPostsHandlers(deps: { users: UsersService; posts: PostsService }) {
  return {
    /** GET /users/:userId/posts: `userId` belongs to the parent router's path. */
    async listByAuthor(req: Request, res: Response) {
      const { userId } = validated(req, 'params', postsByAuthor.params);
      await deps.users.checkExists(req.auth, userId);
      const page = validated(req, 'query', postsByAuthor.query);
      res.json(await deps.posts.listByAuthor(req.auth, userId, page));
    },
  };
}
