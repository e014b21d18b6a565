import type { RequestHandler, Response } from 'express';

/**
 * Records the template of the route that matched (`/api/v1/products/:id`), never the raw URL,
 * for the metrics and the access log: raw paths would let any client create new metric series.
 * Mount it first on every route: `router.route('/:id').all(routeTemplate).get(...)`. It runs
 * when the route matches, while `req.baseUrl` still holds the routers' mount path (an error
 * travelling back out of the routers resets it).
 */
export const routeTemplate: RequestHandler = (req, res, next) => {
  const path: unknown = req.route?.path;
  if (typeof path === 'string') {
    res.locals['route'] = path === '/' && req.baseUrl !== '' ? req.baseUrl : req.baseUrl + path;
  }
  next();
};

/** The template `routeTemplate` recorded; requests no route matched share one label. */
export function routeOf(res: Response): string {
  const route: unknown = res.locals['route'];
  return typeof route === 'string' ? route : 'unmatched';
}
