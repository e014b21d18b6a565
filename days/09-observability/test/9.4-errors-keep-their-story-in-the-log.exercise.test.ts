import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { DatabaseBusyError } from '../src/core/db/errors';
import { errorHandler } from '../src/core/errors/error-handler';
import { type LogLine, capturedLogs } from './helpers';

/** An app whose only route throws what the test gives it, logging into an array. */
function failingApp(thrown: () => unknown) {
  const { logger, lines } = capturedLogs('warn');
  const app = express();
  app.get('/reports/:id', async () => {
    await Promise.resolve();
    throw thrown();
  });
  app.use(errorHandler(logger));
  return { app, lines };
}

/** The `error` field of the only line logged, or what went wrong instead. */
function loggedError(lines: LogLine[]): unknown {
  if (lines.length !== 1) return `${lines.length} lines were logged, not 1`;
  return lines[0]?.['error'];
}

/** The logged error with its stack summarised: the error's own, or what was written instead. */
function withStackShown(logged: unknown, original: Error): unknown {
  if (typeof logged !== 'object' || logged === null) return logged;
  const { stack, ...rest } = logged as Record<string, unknown>;
  if (stack === undefined) return rest;
  return { ...rest, stack: stack === original.stack ? "the error's own stack" : stack };
}

/** An error Node.js itself raised (in Jest, its class comes from another realm). */
function nodeError(): unknown {
  try {
    fs.readFileSync(path.join(os.tmpdir(), 'day9-no-such-folder', 'report.csv'));
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('exercise 9.4: an error keeps its name, message, code, stack and causes in the log', () => {
  it('writes an unexpected error with its name, message and stack, and its code when it has one', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'total')");
    const coded = Object.assign(new Error('quota exceeded for tenant 31'), { code: 'E_QUOTA_31' });
    const first = failingApp(() => bug);
    const second = failingApp(() => coded);
    await request(first.app).get('/reports/1').expect(500);
    await request(second.app).get('/reports/2').expect(500);
    expect([
      withStackShown(loggedError(first.lines), bug),
      withStackShown(loggedError(second.lines), coded),
    ]).toEqual([
      {
        name: 'TypeError',
        message: "Cannot read properties of undefined (reading 'total')",
        stack: "the error's own stack",
      },
      {
        name: 'Error',
        message: 'quota exceeded for tenant 31',
        code: 'E_QUOTA_31',
        stack: "the error's own stack",
      },
    ]);
  });

  it('follows the cause chain of a 503: the client gets one sentence, the log the whole story', async () => {
    const driver = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const { app, lines } = failingApp(() => new DatabaseBusyError(2, { cause: driver }));
    const res = await request(app).get('/reports/3').expect(503);
    const chain: string[] = [];
    let link = loggedError(lines) as Record<string, unknown> | undefined;
    for (let depth = 0; depth < 5 && typeof link === 'object' && link !== null; depth++) {
      chain.push([link['name'], link['code'], link['message']].filter(Boolean).join(' / '));
      link = link['cause'] as Record<string, unknown> | undefined;
    }
    expect({ 'the problem detail': res.body.detail, 'the logged chain': chain }).toEqual({
      'the problem detail': 'The database is busy; try again shortly',
      'the logged chain': [
        'ServiceUnavailableError / The database is busy; try again shortly',
        'DatabaseBusyError / The database is busy; try again shortly',
        'Error / SQLITE_BUSY / database is locked',
      ],
    });
  });

  it('writes a cause that is not an error as text, and stops a cause chain that loops', async () => {
    const plain = new Error('export failed', { cause: 'upstream answered 502' });
    const looping = new Error('sync failed');
    const inner = new Error('retry failed', { cause: looping });
    looping.cause = inner;
    const first = failingApp(() => plain);
    const second = failingApp(() => looping);
    await request(first.app).get('/reports/4').expect(500);
    await request(second.app).get('/reports/5').expect(500);
    const loop = loggedError(second.lines) as Record<string, unknown> | undefined;
    let depth = 0;
    for (let link = loop; typeof link === 'object' && link !== null; depth++) {
      link = link['cause'] as Record<string, unknown> | undefined;
    }
    expect({
      'the text cause': (loggedError(first.lines) as Record<string, unknown> | undefined)?.[
        'cause'
      ],
      'the looping chain was written':
        typeof loop === 'object' && loop?.['message'] === 'sync failed',
      'it goes at least 3 levels deep': depth >= 3,
    }).toEqual({
      'the text cause': 'upstream answered 502',
      'the looping chain was written': true,
      'it goes at least 3 levels deep': true,
    });
  });

  it('recognises an error from another realm, such as one Node.js raised inside Jest', async () => {
    const { app, lines } = failingApp(nodeError);
    await request(app).get('/reports/6').expect(500);
    const logged = loggedError(lines) as Record<string, unknown> | undefined;
    expect({
      name: logged?.['name'],
      code: logged?.['code'],
      'message names the file': String(logged?.['message']).includes('report.csv'),
      'stack is text': typeof logged?.['stack'] === 'string',
    }).toEqual({
      name: 'Error',
      code: 'ENOENT',
      'message names the file': true,
      'stack is text': true,
    });
  });
});
