import type { Request, Response } from 'express';
import { NotFoundError } from '../../core/errors/app-error';
import type { UsersRepository } from './users.repository';

export function usersHandlers(users: UsersRepository) {
  return {
    async list(_req: Request, res: Response) {
      res.json({ data: await users.list() });
    },

    async get(req: Request, res: Response) {
      const id = Number(req.params['userId']);
      const user = Number.isSafeInteger(id) ? await users.findById(id) : undefined;
      if (user === undefined) {
        throw new NotFoundError(`User ${req.params['userId']} does not exist`);
      }
      res.json(user);
    },
  };
}
