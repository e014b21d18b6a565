import type { Request, Response } from 'express';
import { pageInfo } from '../../core/http/pagination';
import { validated } from '../../core/http/validate';
import type { ProductInput, ProductsRepository } from './products.repository';
import { listProducts, productById, searchProducts, updateProduct } from './products.validation';

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
      // TODO(exercise 3.2): req.body is whatever the client sent, extra fields included, and
      // the repository stores every one of them. Hand it the validated DTO instead.
      const product = await products.create(req.body as ProductInput);
      res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
    },

    async update(req: Request, res: Response) {
      const { id } = validated(req, 'params', updateProduct.params);
      // TODO(exercise 3.2): same here: a client can send { "id": 7 } and move the product.
      const product = await products.update(id, req.body as Partial<ProductInput>);
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
