import type { Request, Response } from 'express';
import { validated } from '../../core/http/validate';
import type { ProductInput } from './products.repository';
import type { ProductsService } from './products.service';
import type { ListProductsQuery } from './products.validation';

export function productsHandlers(products: ProductsService) {
  return {
    async list(req: Request, res: Response) {
      const { page, limit, ...filter } = validated<ListProductsQuery>(req, 'query');
      res.json(await products.list(filter, { page, limit }));
    },

    async get(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      res.json(await products.get(id));
    },

    async create(req: Request, res: Response) {
      const product = await products.create(validated<ProductInput>(req, 'body'));
      res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
    },

    async update(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      res.json(await products.update(id, validated<Partial<ProductInput>>(req, 'body')));
    },

    async remove(req: Request, res: Response) {
      const { id } = validated<{ id: number }>(req, 'params');
      await products.delete(id);
      res.status(204).end();
    },
  };
}
