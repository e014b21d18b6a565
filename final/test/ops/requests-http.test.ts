// final/requests.http is documentation a learner runs: this test runs it top to bottom against
// the built server (as `npm start` runs it), with the httpyac CLI, and holds every request to the
// status its ### title announces. No 5xx, ever. The file is copied with only its @base line
// pointed at this server's port.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ensureBuilt,
  finalDir,
  killQuietly,
  repoRoot,
  type Started,
  serverEnv,
  startServer,
  tempDir,
} from './process-helpers';

jest.setTimeout(60_000);

const REQUESTS_FILE = path.join(finalDir, 'requests.http');
const HTTPYAC = path.join(repoRoot, 'node_modules', 'httpyac', 'bin', 'httpyac.js');
const BASE_LINE = /^@base = .*$/m;

interface Expectation {
  readonly title: string;
  readonly status: number;
}

/** Each request's ### title, ending in (or containing) ": <status>". */
function expectations(http: string): Expectation[] {
  return [...http.matchAll(/^### (.+)$/gm)].map((match) => {
    const title = match[1] ?? '';
    const statuses = [...title.matchAll(/: ([1-5]\d\d)\b/g)].map((m) => Number(m[1]));
    if (statuses.length !== 1) {
      throw new Error(`"### ${title}" must name exactly one expected status as ": NNN"`);
    }
    return { title, status: statuses[0] as number };
  });
}

/** The value of a file variable (`@name = value`). */
function fileVariable(http: string, name: string): string {
  const value = new RegExp(`^@${name} = (.+)$`, 'm').exec(http)?.[1];
  if (value === undefined) throw new Error(`requests.http defines no @${name}`);
  return value.trim();
}

interface HttpyacRequest {
  readonly title?: string;
  readonly line: number;
  readonly response?: { readonly statusCode: number };
  readonly testResults?: ReadonlyArray<{ readonly message: string }>;
}

/**
 * Runs `httpyac send <file> --all --json` in `dir`; one entry per request, in file order. The
 * report goes to a file, not a pipe: httpyac exits as soon as it has written, and a pipe would
 * lose whatever was still buffered (the report is a few hundred kilobytes).
 */
function runHttpyac(dir: string, file: string): Promise<HttpyacRequest[]> {
  const reportFile = path.join(dir, `${file}.report.json`);
  const report = fs.openSync(reportFile, 'w');
  return new Promise<HttpyacRequest[]>((resolve, reject) => {
    const child = spawn(process.execPath, [HTTPYAC, 'send', file, '--all', '--json'], {
      cwd: dir,
      stdio: ['ignore', report, 'pipe'],
      timeout: 50_000,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const output = fs.readFileSync(reportFile, 'utf8');
      try {
        resolve((JSON.parse(output) as { requests: HttpyacRequest[] }).requests);
      } catch {
        reject(
          new Error(
            `httpyac (exit ${code}) gave no JSON report:\n${output.slice(0, 2000)}\n${stderr}`,
          ),
        );
      }
    });
  }).finally(() => fs.closeSync(report));
}

/** What a learner would see go wrong: a request that errored, or a status not announced. */
function mismatches(
  expected: readonly Expectation[],
  results: readonly HttpyacRequest[],
): string[] {
  const problems: string[] = [];
  if (results.length !== expected.length) {
    problems.push(`${expected.length} requests in the file, ${results.length} sent`);
  }
  for (const [i, want] of expected.entries()) {
    const got = results[i];
    const status = got?.response?.statusCode;
    if (status === undefined) {
      const why = got?.testResults?.map((t) => t.message).join('; ') ?? 'not sent';
      problems.push(`"${want.title}": no response (${why})`);
    } else if (status >= 500 || status !== want.status) {
      problems.push(`"${want.title}" (line ${got?.line}): answered ${status}`);
    }
  }
  return problems;
}

describe('final/requests.http', () => {
  const http = fs.readFileSync(REQUESTS_FILE, 'utf8');
  let server: Started | undefined;
  let dir: string;

  beforeAll(async () => {
    ensureBuilt();
    dir = tempDir('final-requests-http');
    server = await startServer(
      serverEnv({
        DB_PATH: path.join(dir, 'app.db'),
        ADMIN_EMAIL: fileVariable(http, 'adminEmail'),
        ADMIN_PASSWORD: fileVariable(http, 'adminPassword'),
        // The lowest cost production accepts: a dozen hashes, not a benchmark.
        BCRYPT_COST: '10',
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await killQuietly(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** requests.http (or `content`) with @base pointed at the test server, in the scratch folder. */
  function copyFor(name: string, content: string): string {
    expect(content).toMatch(BASE_LINE);
    fs.writeFileSync(path.join(dir, name), content.replace(BASE_LINE, `@base = ${server?.url}`));
    return name;
  }

  test('runs top to bottom, every request answering the status its title announces', async () => {
    const expected = expectations(http);
    expect(expected.length).toBeGreaterThanOrEqual(40);
    const results = await runHttpyac(dir, copyFor('requests.http', http));
    expect(mismatches(expected, results)).toEqual([]);
  });

  test('a request that answers another status than its title announces is reported', async () => {
    const wrong = '@base = http://localhost\n\n### Liveness: 201\nGET {{base}}/health\n';
    const results = await runHttpyac(dir, copyFor('wrong.http', wrong));
    expect(mismatches(expectations(wrong), results)).toEqual([
      expect.stringContaining('"Liveness: 201" (line 3): answered 200'),
    ]);
  });
});
