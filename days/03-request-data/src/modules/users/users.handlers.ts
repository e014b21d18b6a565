import type { Request, Response } from 'express';
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
        res.status(404).json({ error: `User ${req.params['userId']} does not exist` });
        return;
      }
      res.json(user);
    },
  };
}
