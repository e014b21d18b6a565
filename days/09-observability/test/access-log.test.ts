import express from 'express';
import request from 'supertest';
import { accessLog, CLIENT_CLOSED_REQUEST, statusOf } from '../src/core/logging/access-log';
import { recordingLogger } from './helpers';

describe('the access log in the development format (ACCESS_LOG_FORMAT=dev)', () => {
  it("writes morgan's own dev line (method, URL, status, time, size) through the logger", async () => {
    const logger = recordingLogger();
    const app = express();
    app.use(accessLog('dev', logger));
    app.get('/things', (_req, res) => {
      res.status(201).send('made');
    });
    await request(app).get('/things?page=2').expect(201);
    // morgan colours the status for a terminal: compare the text without the escapes.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is removed.
    const plain = logger.lines.map((line) => line.replace(/\x1b\[\d+m/g, ''));
    expect(plain).toEqual([expect.stringMatching(/^GET \/things\?page=2 201 \d+\.\d{3} ms - 4$/)]);
  });
});

describe('statusOf', () => {
  it('is the status sent once the response is complete, 499 before', () => {
    const res = { statusCode: 200, writableFinished: false } as Parameters<typeof statusOf>[0];
    expect(statusOf(res)).toBe(CLIENT_CLOSED_REQUEST);
    expect(statusOf({ ...res, writableFinished: true } as typeof res)).toBe(200);
  });
});
