import type { Request, Response } from 'express';
import { ifMatchAllows, strongETag } from '../../core/http/etag';
import { validated } from '../../core/http/validate';
import type { Product } from './products.mapper';
import type { ProductsService } from './products.service';
import {
  createProduct,
  listProducts,
  productById,
  searchProducts,
  updateProduct,
} from './products.validation';

/**
 * (req, res) functions: take the validated input, call the service, write the response. They
 * handle no errors: whatever the service throws, Express 5 hands to the error handler.
 */
export function productsHandlers(products: ProductsService) {
  return {
    async list(req: Request, res: Response) {
      res.json(await products.list(validated(req, 'query', listProducts.query)));
    },

    async search(req: Request, res: Response) {
      const { q } = validated(req, 'query', searchProducts.query);
      res.json(await products.search(q));
    },

    async get(req: Request, res: Response) {
      const { id } = validated(req, 'params', productById.params);
      const product = await products.get(id);
      // A strong tag of this very body: a client names it in If-Match to change exactly the
      // version it read (and Express answers an If-None-Match that names it with 304).
      res.set('ETag', strongETag(product)).json(product);
    },

    async create(req: Request, res: Response) {
      // The DTO holds exactly the fields the contract declares, validated and sanitized: an
      // extra field in the JSON ("id", "featured", ...) never reaches the store.
      const product = await products.create(validated(req, 'body', createProduct.body));
      res
        .status(201)
        .location(`${req.baseUrl}/${product.id}`)
        .set('ETag', strongETag(product))
        .json(product);
    },

    async update(req: Request, res: Response) {
      const { id } = validated(req, 'params', updateProduct.params);
      // With If-Match, the change applies only to the version the client read; the service
      // checks it against the stored product in the same step as the write. Without it, the
      // PATCH is unconditional, as before.
      const ifMatch = req.get('If-Match');
      const precondition =
        ifMatch === undefined
          ? undefined
          : (current: Product) => ifMatchAllows(ifMatch, strongETag(current));
      // Optional fields the client did not send are absent, so only the sent ones change.
      const product = await products.update(
        id,
        validated(req, 'body', updateProduct.body),
        precondition,
      );
      res.set('ETag', strongETag(product)).json(product);
    },

    async remove(req: Request, res: Response) {
      const { id } = validated(req, 'params', productById.params);
      await products.delete(id);
      res.status(204).end();
    },
  };
}
