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
  // Express tries routes in registration order and stops at the first match: '/:id' matches
  // 'search' too, so the static path must be registered before the parameter that shadows it.
  router
    .route('/search')
    .get(handlers.search)
    .all(methodNotAllowed(['GET']));
  router
    .route('/:id')
    .get(handlers.get)
    .all(methodNotAllowed(['GET']));

  return router;
}
