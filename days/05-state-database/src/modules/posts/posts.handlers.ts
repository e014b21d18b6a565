import type { Request, Response } from 'express';
import { NotFoundError } from '../../core/errors/app-error';
import type { UsersRepository } from '../users/users.repository';
import type { PostsRepository } from './posts.repository';

export function postsHandlers(deps: { users: UsersRepository; posts: PostsRepository }) {
  return {
    /** GET /users/:userId/posts: `userId` belongs to the parent router's path. */
    async listByAuthor(req: Request, res: Response) {
      const userId = Number(req.params['userId']);
      const author = Number.isSafeInteger(userId) ? await deps.users.findById(userId) : undefined;
      if (author === undefined) {
        throw new NotFoundError(`User ${req.params['userId']} does not exist`);
      }
      res.json({ data: await deps.posts.listByAuthor(author.id) });
    },
  };
}
