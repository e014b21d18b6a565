import type { Request, Response } from 'express';
import { pageInfo } from '../../core/http/pagination';
import { validated } from '../../core/http/validate';
import type { ProductsRepository } from './products.repository';
import {
  createProduct,
  listProducts,
  productById,
  searchProducts,
  updateProduct,
} from './products.validation';

/**
 * (req, res) functions: take the validated input, ask the repository, write the response.
 * They run after validate(...), so what `validated` returns has been checked and converted,
 * and its type is the one its contract declares.
 */
export function productsHandlers(products: ProductsRepository) {
  return {
    async list(req: Request, res: Response) {
      const page = validated(req, 'query', listProducts.query);
      const { items, total } = await products.list(page);
      res.json({ data: items, page: pageInfo(page, total) });
    },

    async search(req: Request, res: Response) {
      const { q } = validated(req, 'query', searchProducts.query);
      res.json({ data: await products.search(q) });
    },

    async get(req: Request, res: Response) {
      const { id } = validated(req, 'params', productById.params);
      const product = await products.findById(id);
      if (product === undefined) {
        res.status(404).json({ error: `Product ${id} does not exist` });
        return;
      }
      res.json(product);
    },

    async create(req: Request, res: Response) {
      // The DTO holds exactly the fields the contract declares, validated and sanitized: an
      // extra field in the JSON ("id", "featured", ...) never reaches the store.
      const product = await products.create(validated(req, 'body', createProduct.body));
      res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
    },

    async update(req: Request, res: Response) {
      const { id } = validated(req, 'params', updateProduct.params);
      // Optional fields the client did not send are absent, so only the sent ones change.
      const changes = validated(req, 'body', updateProduct.body);
      const product = await products.update(id, changes);
      if (product === undefined) {
        res.status(404).json({ error: `Product ${id} does not exist` });
        return;
      }
      res.json(product);
    },

    async remove(req: Request, res: Response) {
      const { id } = validated(req, 'params', productById.params);
      if (!(await products.delete(id))) {
        res.status(404).json({ error: `Product ${id} does not exist` });
        return;
      }
      res.status(204).end();
    },
  };
}
