import type { Request, Response } from 'express';
import { validated } from '../../core/http/validate';
import type { UsersRepository } from './users.repository';
import { userById } from './users.validation';

export function usersHandlers(users: UsersRepository) {
  return {
    async list(_req: Request, res: Response) {
      res.json({ data: await users.list() });
    },

    async get(req: Request, res: Response) {
      const { userId } = validated(req, 'params', userById.params);
      const user = await users.findById(userId);
      if (user === undefined) {
        res.status(404).json({ error: `User ${userId} does not exist` });
        return;
      }
      res.json(user);
    },
  };
}
