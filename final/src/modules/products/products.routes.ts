import { Router } from 'express';
import { defineRoute } from '../../core/http/routes';
import { validate, validateQuery } from '../../core/http/legacy-validate';
import type { AuthGuards } from '../../core/security/authenticate';
import { productsHandlers } from './products.handlers';
import type { ProductsService } from './products.service';
import {
  createProductSchema,
  checkListProductsQuery,
  productIdSchema,
  updateProductSchema,
} from './products.validation';

/** Mounted at /api/v1/products. Reading is public; writing needs a permission. */
export function productsRouter(deps: { products: ProductsService; guards: AuthGuards }): Router {
  const { authenticate, requirePermission } = deps.guards;
  const handlers = productsHandlers(deps.products);
  const router = Router();

  defineRoute(router, '/', {
    get: [validateQuery(checkListProductsQuery), handlers.list],
    post: [
      authenticate,
      requirePermission('products:create'),
      validate(createProductSchema),
      handlers.create,
    ],
  });
  defineRoute(router, '/:id', {
    get: [validate(productIdSchema), handlers.get],
    patch: [
      authenticate,
      requirePermission('products:update'),
      validate(updateProductSchema),
      handlers.update,
    ],
    delete: [
      authenticate,
      requirePermission('products:delete'),
      validate(productIdSchema),
      handlers.remove,
    ],
  });
  return router;
}
