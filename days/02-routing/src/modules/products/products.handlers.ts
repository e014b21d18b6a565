import type { Request, Response } from 'express';
import type { ProductsRepository } from './products.repository';

/** (req, res) functions: read the request, ask the repository, write the response. */
export function productsHandlers(products: ProductsRepository) {
  return {
    async list(_req: Request, res: Response) {
      res.json({ data: await products.list() });
    },

    async search(req: Request, res: Response) {
      const q = req.query['q'];
      if (typeof q !== 'string' || q.trim() === '') {
        res.status(400).json({ error: 'The query parameter q is required' });
        return;
      }
      res.json({ data: await products.search(q.trim()) });
    },

    async get(req: Request, res: Response) {
      const id = Number(req.params['id']);
      const product = Number.isSafeInteger(id) ? await products.findById(id) : undefined;
      if (product === undefined) {
        res.status(404).json({ error: `Product ${req.params['id']} does not exist` });
        return;
      }
      res.json(product);
    },
  };
}
