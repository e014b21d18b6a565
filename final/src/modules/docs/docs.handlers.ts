import type { Request, Response } from 'express';
import { openApiDocument } from './openapi';

// No inline script: the page stays within helmet's default Content-Security-Policy.
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Enterprise Express API - docs</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/docs/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;

export const docsHandlers = {
  page(_req: Request, res: Response) {
    res.type('html').send(INDEX_HTML);
  },

  script(_req: Request, res: Response) {
    res.type('application/javascript').send(INIT_SCRIPT);
  },

  document(_req: Request, res: Response) {
    res.json(openApiDocument);
  },
};
