// Opens the interactive API docs (/docs, Swagger UI) in headless Debian Chromium and checks
// that the page really renders the document and can call the API: the page is served under
// the app's own security headers (CSP included), so this catches a blank page that a plain
// HTTP test would call a success.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { openApiDocument } from '../../src/modules/docs/openapi';
import { buildOpsApp, type OpsApp } from './app-fixture';
import { describeWithBinary, findBinary } from './process-helpers';

// Ceilings for a server that never comes up, not expectations of speed: a loaded 2-core CI
// machine can take seconds to start a Node process.
jest.setTimeout(60_000);

const chromiumPath = findBinary([
  process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
]);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function documentedOperations(): string[] {
  const operations: string[] = [];
  for (const [path, item] of Object.entries(openApiDocument.paths)) {
    for (const method of Object.keys(item)) {
      if (HTTP_METHODS.includes(method)) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations.sort();
}

describeWithBinary(
  '/docs in headless Chromium',
  { name: 'chromium', path: chromiumPath, apt: 'chromium' },
  (executablePath) => {
    let fixture: OpsApp;
    let server: http.Server;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      fixture = await buildOpsApp();
      server = http.createServer(fixture.app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await chromium.launch({
        executablePath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      await fixture?.close();
    });

    test('renders every documented operation and can execute one', async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));

      const response = await page.goto(`${base}/docs`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);

      // Swagger UI fetched /docs/openapi.json and drew one block per operation.
      const products = page.locator(
        '.opblock-get .opblock-summary-path[data-path="/api/v1/products"]',
      );
      await products.first().waitFor({ state: 'visible', timeout: 15_000 });
      await expect(page.locator('.info .title').first().textContent()).resolves.toContain(
        openApiDocument.info.title,
      );

      const rendered = await page.$$eval('.opblock', (blocks) =>
        blocks.map((block) => {
          const method = block.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
          const path =
            block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
          return `${method.toUpperCase()} ${path}`;
        }),
      );
      expect(rendered.sort()).toEqual(documentedOperations());

      // Interactive: expand GET /health, "Try it out", "Execute", and see the live 200.
      const health = page.locator('#operations-operations-getHealth');
      await health.locator('.opblock-summary').click();
      await health.locator('button.try-out__btn').click();
      await health.locator('button.execute').click();
      const status = health.locator('.live-responses-table .response .response-col_status').first();
      await status.waitFor({ state: 'visible', timeout: 10_000 });
      expect((await status.textContent())?.trim()).toBe('200');

      expect(problems).toEqual([]);
      await page.close();
    });
  },
);
