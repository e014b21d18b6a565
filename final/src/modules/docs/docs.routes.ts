import { dirname } from 'node:path';
import express, { Router } from 'express';
import { methodNotAllowed } from '../../core/http/method-not-allowed';
import { routeTemplate } from '../../core/logging/route-template';
import { pageSecurityHeaders } from '../../core/security/headers';
import { docsHandlers } from './docs.handlers';

/**
 * Mounted at /docs: Swagger UI from the installed swagger-ui-dist package (no CDN, so it
 * works offline and behind strict egress rules) and the OpenAPI document it renders.
 *
 * An HTML page with scripts and styles: it gets helmet's full header set (its default CSP
 * allows the page's own scripts and styles, nothing else), in place of the API's short set.
 * `hsts` as for the API (production only).
 */
export function docsRouter(options: { hsts: boolean }): Router {
  const router = Router();
  router.use(pageSecurityHeaders(options));
  router
    .route('/')
    .all(routeTemplate)
    .get(docsHandlers.page)
    .all(methodNotAllowed(['GET']));
  router
    .route('/openapi.json')
    .all(routeTemplate)
    .get(docsHandlers.document)
    .all(methodNotAllowed(['GET']));
  router
    .route('/init.js')
    .all(routeTemplate)
    .get(docsHandlers.script)
    .all(methodNotAllowed(['GET']));
  router.use(
    express.static(dirname(require.resolve('swagger-ui-dist')), {
      index: false,
      maxAge: '1h',
      fallthrough: true,
    }),
  );
  return router;
}
