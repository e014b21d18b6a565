import type { RequestHandler, Router } from 'express';
import { MethodNotAllowedError } from '../errors/app-error';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteHandlers = Partial<Record<Method, readonly RequestHandler[]>>;

/**
 * Declares every method of one path at once. It records the route template for metrics
 * (`/api/v1/products/:id`, never the raw URL, to keep label cardinality bounded) and answers
 * any other method with 405 and an Allow header listing the methods that exist.
 */
export function defineRoute(router: Router, path: string, handlers: RouteHandlers): void {
  const route = router.route(path);
  route.all((req, res, next) => {
    res.locals['route'] = `${req.baseUrl}${path === '/' && req.baseUrl ? '' : path}`;
    next();
  });

  const allowed: string[] = [];
  for (const [method, chain] of Object.entries(handlers) as [Method, RequestHandler[]][]) {
    route[method](...chain);
    allowed.push(method.toUpperCase());
  }
  if (allowed.includes('GET')) allowed.push('HEAD');

  route.all((req, res, next) => {
    if (req.method === 'OPTIONS') {
      // A plain (non-CORS) OPTIONS request asks what the resource supports.
      res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
      res.status(204).end();
      return;
    }
    next(new MethodNotAllowedError(req.method, allowed));
  });
}
