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
    const base = templated(res, req.baseUrl);
    res.locals['route'] = path === '/' && base !== '' ? base : base + path;
  }
  next();
};

/** The template `routeTemplate` recorded; requests no route matched share one label. */
export function routeOf(res: Response): string {
  const route: unknown = res.locals['route'];
  return typeof route === 'string' ? route : 'unmatched';
}

/**
 * For a router mounted below a path with parameters (`router.use('/:userId/posts', ...)`):
 * there `req.baseUrl` holds the values (`/api/v1/users/42/posts`, `/api/v1/users/%201/posts`),
 * which would make every id a series of its own. Put it in front of that router with the same
 * path, and routeTemplate records `/api/v1/users/:userId/posts` for the routes inside.
 */
export function mountTemplate(path: string): RequestHandler {
  // The mount's raw URL has as many segments as its template (a parameter matches one).
  const depth = path.split('/').filter((segment) => segment !== '').length;
  return (req, res, next) => {
    const segments = req.baseUrl.split('/');
    const parent = segments.slice(0, segments.length - depth).join('/');
    const mount: Mount = { url: req.baseUrl, template: templated(res, parent) + path };
    res.locals['mount'] = mount;
    next();
  };
}

interface Mount {
  /** The mount's part of req.baseUrl, as the client wrote it. */
  readonly url: string;
  readonly template: string;
}

/** `baseUrl` with the part below a recorded templated mount written as its template. */
function templated(res: Response, baseUrl: string): string {
  const mount: unknown = res.locals['mount'];
  const below = isMount(mount) && (baseUrl === mount.url || baseUrl.startsWith(`${mount.url}/`));
  if (!below) return baseUrl;
  return mount.template + baseUrl.slice(mount.url.length);
}

function isMount(value: unknown): value is Mount {
  return (
    typeof value === 'object' &&
    value !== null &&
    'url' in value &&
    typeof value.url === 'string' &&
    'template' in value &&
    typeof value.template === 'string'
  );
}
