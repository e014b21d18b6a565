import express from 'express';
import request from 'supertest';
import { requestId } from '../src/core/http/request-id';
import { capturedLogs, testApp } from './helpers';

/** Ids a proxy or a caller might send, each well-formed: kept as they are. */
const WELL_FORMED: Record<string, string> = {
  'edge-1234.abc': 'edge-1234.abc',
  '01JD6X:api-7': '01JD6X:api-7',
  'a (one character)': 'a',
  '128 characters': `${'Z_9'.repeat(42)}x7`,
};

/**
 * Values that must not become the request id (the test shows them JSON-encoded): made up
 * from scratch, never repaired.
 */
const REFUSED: Record<string, string | string[]> = {
  'nothing at all': '',
  '129 characters': 'r'.repeat(129),
  'a space': 'edge 1234',
  'a tab': 'edge\t1234',
  'a fake JSON line': '{"level":"error","msg":"disk full"}',
  'a slash': 'edge/1234',
  'a character outside ASCII': 'édge-1234',
  'the header sent twice': ['edge-1', 'edge-2'],
};

/** What one request tells about its id: the header, the problem body, the handler's log line. */
async function idsOf(app: express.Express, path: string, sent?: string | string[]) {
  const req = request(app).get(path);
  // An array reaches Node's setHeader, which sends one header line per value (its types say
  // string only).
  if (sent !== undefined) req.set('X-Request-Id', sent as string);
  const res = await req;
  return { header: res.headers['x-request-id'], body: res.body?.requestId };
}

describe('exercise 9.2: the request id is kept or made, and sent back', () => {
  it('keeps a well-formed incoming id and sends it back on answers and on errors', async () => {
    const app = await testApp();
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [label, id] of Object.entries(WELL_FORMED)) {
      const health = (await idsOf(app, '/health', id)).header;
      const missing = await idsOf(app, '/nowhere', id);
      seen[`GET /health with ${label}`] = health === id ? 'kept' : (health ?? 'no X-Request-Id');
      seen[`GET /nowhere with ${label}`] = {
        header: missing.header === id ? 'kept' : (missing.header ?? 'no X-Request-Id'),
        body: missing.body === id ? 'kept' : missing.body,
      };
      expected[`GET /health with ${label}`] = 'kept';
      expected[`GET /nowhere with ${label}`] = { header: 'kept', body: 'kept' };
    }
    expect(seen).toEqual(expected);
  });

  it("writes the caller's id into the request's log lines", async () => {
    const { logger, lines } = capturedLogs('info');
    const app = express();
    app.use(requestId());
    app.get('/ping', (_req, res) => {
      logger.info('pinged');
      res.end();
    });
    const sent = Object.values(WELL_FORMED);
    for (const id of sent) await request(app).get('/ping').set('X-Request-Id', id);
    expect({ 'request ids in the log': lines.map((line) => line['requestId']) }).toEqual({
      'request ids in the log': sent,
    });
  });

  it('replaces a missing or unsafe id with a fresh one, different for every request, and sends it back', async () => {
    const app = await testApp();
    const outcome: Record<string, string> = {};
    const given = new Set<unknown>();
    for (const [label, sent] of [['no header', undefined] as const, ...Object.entries(REFUSED)]) {
      const first = await idsOf(app, '/nowhere', sent);
      const second = await idsOf(app, '/nowhere', sent);
      given.add(first.header).add(second.header);
      const sentText = Array.isArray(sent) ? sent.join(', ') : sent;
      outcome[label] =
        typeof first.header !== 'string' || first.header === ''
          ? 'no X-Request-Id header in the response'
          : first.header === sentText
            ? 'the unsafe value was kept'
            : first.header === second.header
              ? 'two requests got the same id'
              : first.body !== first.header
                ? "the problem body's requestId differs from the header"
                : 'replaced';
    }
    expect(outcome).toEqual(
      Object.fromEntries(
        ['no header', ...Object.keys(REFUSED)].map((label) => [label, 'replaced']),
      ),
    );
    expect({ 'distinct ids given': given.size }).toEqual({
      'distinct ids given': 2 * (1 + Object.keys(REFUSED).length),
    });
  });
});
