import { dirname } from 'node:path';
import express, { Router } from 'express';
import { defineRoute } from '../../core/http/routes';
import { docsHandlers } from './docs.handlers';

/**
 * Mounted at /docs: Swagger UI from the installed swagger-ui-dist package (no CDN, so it
 * works offline and behind strict egress rules) and the OpenAPI document it renders.
 */
export function docsRouter(): Router {
  const router = Router();
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
