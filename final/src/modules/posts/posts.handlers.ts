import type { Request, Response } from 'express';
import type { PageRequest } from '../../core/http/pagination';
import { validated } from '../../core/http/legacy-validate';
import { callerOf } from '../../core/security/authenticate';
import type { PostsService } from './posts.service';
import type { CreatePostDto } from './posts.validation';

export function postsHandlers(posts: PostsService) {
  return {
    async list(req: Request, res: Response) {
      res.json(await posts.list(req.auth, validated<PageRequest>(req, 'query')));
    },

    async get(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      res.json(await posts.get(req.auth, id));
    },

    async create(req: Request, res: Response) {
      const post = await posts.create(callerOf(req), validated<CreatePostDto>(req, 'body'));
      res.status(201).location(`${req.baseUrl}/${post.id}`).json(post);
    },

    async update(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      res.json(
        await posts.update(callerOf(req), id, validated<Partial<CreatePostDto>>(req, 'body')),
      );
    },

    async remove(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      await posts.delete(callerOf(req), id);
      res.status(204).end();
    },
  };
}
