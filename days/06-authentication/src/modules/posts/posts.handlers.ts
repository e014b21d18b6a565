import type { Request, Response } from 'express';
import { NotFoundError } from '../../core/errors/app-error';
import { validated } from '../../core/http/validate';
import type { UsersRepository } from '../users/users.repository';
import type { PostsRepository } from './posts.repository';
import { postsByAuthor } from './posts.validation';

/** The handlers of a post's own address, /posts/:id: they need the posts and nothing else. */
export function postsHandlers(posts: PostsRepository) {
  return {
    async get(req: Request, res: Response) {
      const id = Number(req.params['id']);
      const post = Number.isSafeInteger(id) ? await posts.findById(id) : undefined;
      if (post === undefined) {
        throw new NotFoundError(`Post ${req.params['id']} does not exist`);
      }
      res.json(post);
    },
  };
}

/** The handlers below an author, /users/:userId/posts: the author must exist. */
export function userPostsHandlers(deps: { users: UsersRepository; posts: PostsRepository }) {
  return {
    /** GET /users/:userId/posts: `userId` belongs to the parent router's path. */
    async listByAuthor(req: Request, res: Response) {
      const { userId } = validated(req, 'params', postsByAuthor.params);
      const author = await deps.users.findById(userId);
      if (author === undefined) {
        throw new NotFoundError(`User ${userId} does not exist`);
      }
      res.json({ data: await deps.posts.listByAuthor(author.id) });
    },
  };
}
