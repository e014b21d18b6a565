import type { Request, Response } from 'express';
import { validated } from '../../core/http/validate';
import { callerOf } from '../../core/security/authenticate';
import type { UsersService } from './users.service';
import { changeRole, listUsers, updateProfile, userById } from './users.validation';

export function usersHandlers(users: UsersService) {
  return {
    /** The caller, whoever the access token names: no id in the path to get wrong. */
    async getMe(req: Request, res: Response) {
      res.json(await users.getProfile(callerOf(req).id));
    },

    async updateMe(req: Request, res: Response) {
      const changes = validated(req, 'body', updateProfile.body);
      res.json(await users.updateProfile(callerOf(req).id, changes));
    },

    async list(req: Request, res: Response) {
      res.json(await users.list(validated(req, 'query', listUsers.query)));
    },

    async get(req: Request, res: Response) {
      const { userId } = validated(req, 'params', userById.params);
      res.json(await users.getById(callerOf(req), userId));
    },

    async changeRole(req: Request, res: Response) {
      const { userId } = validated(req, 'params', changeRole.params);
      const { role } = validated(req, 'body', changeRole.body);
      res.json(await users.changeRole(callerOf(req), userId, role));
    },

    async remove(req: Request, res: Response) {
      const { userId } = validated(req, 'params', userById.params);
      await users.delete(callerOf(req), userId);
      res.status(204).end();
    },
  };
}
