import type { RequestHandler } from 'express';

/**
 * The app's last handler: it runs only when no router answered. Without it Express falls back
 * to its built-in final handler, which answers an HTML page ("Cannot GET /nope"): fine for a
 * website, wrong for an API whose every client parses JSON.
 */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: `No route for ${req.method} ${req.path}` });
  };
}
