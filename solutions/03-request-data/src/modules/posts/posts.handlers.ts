import type { Request, Response } from 'express';
import { validated } from '../../core/http/validate';
import type { UsersRepository } from '../users/users.repository';
import type { PostsRepository } from './posts.repository';
import { postsByAuthor } from './posts.validation';

export function postsHandlers(deps: { users: UsersRepository; posts: PostsRepository }) {
  return {
    /** GET /users/:userId/posts: `userId` belongs to the parent router's path. */
    async listByAuthor(req: Request, res: Response) {
      const { userId } = validated(req, 'params', postsByAuthor.params);
      const author = await deps.users.findById(userId);
      if (author === undefined) {
        res.status(404).json({ error: `User ${userId} does not exist` });
        return;
      }
      res.json({ data: await deps.posts.listByAuthor(author.id) });
    },
  };
}
