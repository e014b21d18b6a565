import type { Request, Response } from 'express';
import { validated } from '../../core/http/validate';
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
      res.json(await products.get(id));
    },

    async create(req: Request, res: Response) {
      // The DTO holds exactly the fields the contract declares, validated and sanitized: an
      // extra field in the JSON ("id", "featured", ...) never reaches the store.
      const product = await products.create(validated(req, 'body', createProduct.body));
      res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
    },

    async update(req: Request, res: Response) {
      const { id } = validated(req, 'params', updateProduct.params);
      // TODO(exercise 5.4): a client that read the product before another client changed it
      // still overwrites that change. Let a client name the version it read (If-Match), and
      // refuse its write with 412 when the stored product is no longer that version.
      // Optional fields the client did not send are absent, so only the sent ones change.
      res.json(await products.update(id, validated(req, 'body', updateProduct.body)));
    },

    async remove(req: Request, res: Response) {
      const { id } = validated(req, 'params', productById.params);
      await products.delete(id);
      res.status(204).end();
    },
  };
}
