import { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { validate } from '../../core/http/validate';
import { routeTemplate } from '../../core/logging/route-template';
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
 * catalogue; changing it needs a permission.
 */
export function productsRouter(deps: { products: ProductsService; guards: AuthGuards }): Router {
  const { authenticate, requirePermission } = deps.guards;
  const handlers = productsHandlers(deps.products);
  const router = Router();

  // Each route: authenticate, authorize, validate (our extractor), then the handler, which can
  // trust its input and its caller.
  router
    .route('/')
    .all(routeTemplate)
    .get(validate(listProducts), handlers.list)
    .post(
      authenticate,
      requirePermission('products:create'),
      validate(createProduct),
      handlers.create,
    )
    .all(methodNotAllowed(['GET', 'POST']));
  // Express tries routes in registration order and stops at the first match: '/:id' matches
  // 'search' too, so the static path must be registered before the parameter that shadows it.
  router
    .route('/search')
    .all(routeTemplate)
    .get(validate(searchProducts), handlers.search)
    .all(methodNotAllowed(['GET']));
  router
    .route('/:id')
    .all(routeTemplate)
    .get(validate(productById), handlers.get)
    .patch(
      authenticate,
      requirePermission('products:update'),
      validate(updateProduct),
      handlers.update,
    )
    .delete(
      authenticate,
      requirePermission('products:delete'),
      validate(productById),
      handlers.remove,
    )
    .all(methodNotAllowed(['GET', 'PATCH', 'DELETE']));

  return router;
}
