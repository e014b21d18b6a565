import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import type { AuthGuards } from '../../core/security/authenticate';
import { productsHandlers } from './products.handlers';
import type { ProductsService } from './products.service';
import {
  createProduct,
  listProducts,
  productById,
  searchProducts,
  updateProduct,
} from './products.validation';

/**
 * Mounted at /api/v1/products: paths here are relative to the mount point. Anyone may read the
 * catalogue; changing it needs a signed-in caller.
 */
export function productsRouter(deps: { products: ProductsService; guards: AuthGuards }): Router {
  const { authenticate } = deps.guards;
  const handlers = productsHandlers(deps.products);
  const router = Router();

  // Each route: authenticate where it is needed, then validate (our extractor), then the
  // handler, which can trust its input and its caller.
  router
    .route('/')
    .get(validate(listProducts), handlers.list)
    .post(authenticate, validate(createProduct), handlers.create)
    .all(methodNotAllowed(['GET', 'POST']));
  // Express tries routes in registration order and stops at the first match: '/:id' matches
  // 'search' too, so the static path must be registered before the parameter that shadows it.
  router
    .route('/search')
    .get(validate(searchProducts), handlers.search)
    .all(methodNotAllowed(['GET']));
  router
    .route('/:id')
    .get(validate(productById), handlers.get)
    .patch(authenticate, validate(updateProduct), handlers.update)
    .delete(authenticate, validate(productById), handlers.remove)
    .all(methodNotAllowed(['GET', 'PATCH', 'DELETE']));

  return router;
}
