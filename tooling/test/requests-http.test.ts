// Proves the requests.http check's rules on fixture files, and, once, with the real httpyac CLI
// against a small server: its report is read by file and by line, long titles included.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  announcedRequests,
  headerSettings,
  requestMismatches,
  sendWithHttpyac,
} from '../src/verify/requests-http';
import { REPO_ROOT } from './fixture';

const FILE = `# Day 7 requests. Before you start the API, create the day's .env with
#   ADMIN_EMAIL=admin@example.com
#   DB_PATH=:memory:
# (set DB_PATH=data.db instead to keep the data: a sentence, not a setting)
@base = http://localhost:3000

### Liveness: 200
GET {{base}}/health

### A long title that goes on
### on a second line: 403 (exercise 7.2)
# a comment between the title and the request
DELETE {{base}}/products/1

### A draft stays hidden: 404, as if it did not exist (exercises 7.3 and 7.4)
GET {{base}}/posts/1

### No status announced here
GET {{base}}/posts

###
GET {{base}}/untitled
`;

describe("a requests.http file's titles", () => {
  it('are read per request, a long title joined over its ### lines', () => {
    expect(announcedRequests(FILE)).toEqual([
      { line: 7, title: 'Liveness: 200', statuses: [200], exercises: [] },
      {
        line: 11,
        title: 'A long title that goes on on a second line: 403 (exercise 7.2)',
        statuses: [403],
        exercises: ['7.2'],
      },
      {
        line: 15,
        title: 'A draft stays hidden: 404, as if it did not exist (exercises 7.3 and 7.4)',
        statuses: [404],
        exercises: ['7.3', '7.4'],
      },
      { line: 18, title: 'No status announced here', statuses: [], exercises: [] },
      { line: 21, title: '', statuses: [], exercises: [] },
    ]);
  });

  it("give the settings the header asks for in the day's .env, and only those", () => {
    expect(headerSettings(FILE)).toEqual({
      ADMIN_EMAIL: 'admin@example.com',
      DB_PATH: ':memory:',
    });
  });
});

describe('requests judged against their titles', () => {
  const requests = announcedRequests(FILE);
  const known = new Set(['7.1', '7.2', '7.3', '7.4', '6.1']);
  const judge = (statuses: Record<number, number | string>, dayExercises = ['7.1', '7.2']) =>
    requestMismatches(
      requests,
      Object.entries(statuses).map(([line, s]) => ({
        file: 'f',
        line: Number(line),
        ...(typeof s === 'number' ? { status: s } : { error: s }),
      })),
      dayExercises,
      known,
    );
  const asAnnounced = { 7: 200, 11: 403, 15: 404, 18: 200, 21: 204 };

  // Lines 18 and 21 announce no status: each judgement below reports them first.
  const unannounced = [
    'line 18 "No status announced here" announces no status: end the title with the one to expect (": 200")',
    'line 21 "" announces no status: end the title with the one to expect (": 200")',
  ];

  it('accept requests that answer as announced', () => {
    expect(judge(asAnnounced)).toEqual(unannounced);
  });

  it('refuse another status than the title announces, naming the line and the answer', () => {
    expect(judge({ ...asAnnounced, 7: 503 })).toEqual([
      'line 7 "Liveness: 200": answered 503. A title that describes the day solved names its exercise',
      ...unannounced,
    ]);
  });

  it("let a title that names one of the day's exercises answer otherwise on the starter", () => {
    expect(judge({ ...asAnnounced, 11: 204 })).toEqual(unannounced);
    // Line 15 names 7.3 and 7.4: it may differ while either is the day's to do, not otherwise.
    expect(judge({ ...asAnnounced, 15: 200 }, ['7.1', '7.2', '7.3'])).toEqual(unannounced);
    expect(judge({ ...asAnnounced, 15: 200 }, ['6.1'])).toHaveLength(3);
  });

  it('refuse a title that announces no status, and a request that got no answer', () => {
    expect(judge({ ...asAnnounced, 21: 'URI malformed' })).toEqual([
      'line 18 "No status announced here" announces no status: end the title with the one to expect (": 200")',
      'line 21 "" announces no status: end the title with the one to expect (": 200")',
    ]);
    const titled = announcedRequests('@base = x\n### Bad URL: 400\nGET {{base}}/%E0%A4%A\n');
    expect(
      requestMismatches(titled, [{ file: 'f', line: 2, error: 'URI malformed' }], [], known),
    ).toEqual(['line 2 "Bad URL: 400": no answer (URI malformed)']);
  });

  it('refuse a title naming an exercise the course lacks, or two statuses', () => {
    const file =
      '@base = x\n### Gone: 410 (exercise 9.9)\nGET {{base}}/a\n### Either: 200 or: 204\nGET {{base}}/b\n';
    expect(
      requestMismatches(
        announcedRequests(file),
        [
          { file: 'f', line: 2, status: 410 },
          { file: 'f', line: 4, status: 200 },
        ],
        [],
        known,
      ),
    ).toEqual([
      'line 2 "Gone: 410 (exercise 9.9)" names exercise 9.9, which the course does not have',
      'line 4 "Either: 200 or: 204" announces 200 and 204: name one status',
    ]);
  });
});

describe('sending with the httpyac CLI', () => {
  let server: http.Server;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'requests-http-'));
    // Answers the status a path names: /status/404 answers 404.
    server = http.createServer((req, res) => {
      res.statusCode = Number(/\/status\/(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports each request of each file by its line, long titles and unsendable URLs included', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const one = `@base = ${base}\n\n### First\n### continued: 201\nGET {{base}}/status/201\n\n### Bad: 400\nGET {{base}}/products/%E0%A4%A\n`;
    const two = `@base = ${base}\n### Missing: 404\nGET {{base}}/status/404\n`;
    fs.writeFileSync(path.join(dir, 'one.http'), one);
    fs.writeFileSync(path.join(dir, 'two.http'), two);
    const httpyac = path.join(REPO_ROOT, 'node_modules', 'httpyac', 'bin', 'httpyac.js');
    const sent = await sendWithHttpyac(httpyac, dir, ['one.http', 'two.http']);
    const of = (name: string) => sent.filter((s) => s.file === name);
    expect(announcedRequests(one).map((r) => r.line)).toEqual([4, 7]);
    expect(of('one.http')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 4, status: 201 }),
        expect.objectContaining({ line: 7, error: expect.stringMatching(/URI malformed/) }),
      ]),
    );
    expect(of('two.http')).toEqual([expect.objectContaining({ line: 2, status: 404 })]);
  }, 30_000);
});
