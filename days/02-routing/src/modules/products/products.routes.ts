import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { productsHandlers } from './products.handlers';
import type { ProductsRepository } from './products.repository';

/** Mounted at /api/v1/products: paths here are relative to the mount point. */
export function productsRouter(deps: { products: ProductsRepository }): Router {
  const handlers = productsHandlers(deps.products);
  const router = Router();

  router
    .route('/')
    .get(handlers.list)
    .all(methodNotAllowed(['GET']));
  router
    .route('/:id')
    .get(handlers.get)
    .all(methodNotAllowed(['GET']));
  // TODO(exercise 2.1): GET /api/v1/products/search?q=lap answers 404 "Product search does
  // not exist" instead of searching. Find out which route answers it, and why.
  router
    .route('/search')
    .get(handlers.search)
    .all(methodNotAllowed(['GET']));

  return router;
}
