import type { Request, Response } from 'express';
import type { PageRequest } from '../../core/http/pagination';
import { validated } from '../../core/http/legacy-validate';
import { callerOf } from '../../core/security/authenticate';
import type { UsersService } from './users.service';
import type { ChangeRoleDto, UpdateProfileDto } from './users.validation';

export function usersHandlers(users: UsersService) {
  return {
    async getMe(req: Request, res: Response) {
      res.json(await users.getProfile(callerOf(req).id));
    },

    async updateMe(req: Request, res: Response) {
      const changes = validated<UpdateProfileDto>(req, 'body');
      res.json(await users.updateProfile(callerOf(req).id, changes));
    },

    async list(req: Request, res: Response) {
      res.json(await users.list(validated<PageRequest>(req, 'query')));
    },

    async getById(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      res.json(await users.getById(callerOf(req), id));
    },

    async changeRole(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      const { role } = validated<ChangeRoleDto>(req, 'body');
      res.json(await users.changeRole(callerOf(req), id, role));
    },

    async remove(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      await users.delete(callerOf(req), id);
      res.status(204).end();
    },
  };
}
