import { dirname } from 'node:path';
import express, { Router } from 'express';
import { defineRoute } from '../../core/http/routes';
import { securityHeaders } from '../../core/security/headers';
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
  router.use(securityHeaders(options.hsts ? {} : { strictTransportSecurity: false }));
  defineRoute(router, '/', { get: [docsHandlers.page] });
  defineRoute(router, '/openapi.json', { get: [docsHandlers.document] });
  defineRoute(router, '/init.js', { get: [docsHandlers.script] });
  router.use(
    express.static(dirname(require.resolve('swagger-ui-dist')), {
      index: false,
      maxAge: '1h',
      fallthrough: true,
    }),
  );
  return router;
}
