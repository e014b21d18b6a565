import type { Request, Response } from 'express';
import { ListCache, sendCachedJson } from '../../core/http/list-cache';
import { validated } from '../../core/http/legacy-validate';
import type { ProductInput } from './products.repository';
import type { ProductsService } from './products.service';
import type { ListProductsQuery } from './products.validation';

export function productsHandlers(products: ProductsService, listCache = new ListCache()) {
  return {
    /** The public catalog: served from the list cache until a product changes. */
    async list(req: Request, res: Response) {
      const query = validated<ListProductsQuery>(req, 'query');
      // Version first, then the data: see ListCache.
      const version = await products.version();
      const key = cacheKey(query);
      let cached = listCache.get(key, version);
      if (cached === undefined) {
        const { page, limit, ...filter } = query;
        cached = listCache.set(key, version, await products.list(filter, { page, limit }), req);
      }
      sendCachedJson(res, cached);
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

/** Every field of the validated query; `q`, free text, goes last so it cannot fake a field. */
function cacheKey(query: ListProductsQuery): string {
  const { page, limit, sort, minPriceCents = '', maxPriceCents = '', q = '' } = query;
  return `${page}|${limit}|${sort}|${minPriceCents}|${maxPriceCents}|${q}`;
}
