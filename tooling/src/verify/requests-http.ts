// Each day's requests.http is a tour a learner sends top to bottom against `npm run day:N`.
// Every ### title ends with the status to expect (": 403"), a promise about the snapshot; a
// title that names one of the day's exercises ("exercise 7.3") may answer otherwise until that
// exercise is done. The integrity check sends every file with the httpyac CLI, the client the
// course recommends, against the day's starter, and holds each request to its title.
// final/test/ops/requests-http.test.ts does the same for final/, whose tests import nothing
// from the tooling (final/ ships on its own).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A request of a .http file, as its ### title announces it. */
export interface AnnouncedRequest {
  /** 1-based line of the ### line right above the request: httpyac reports requests by it. */
  readonly line: number;
  /** The title, its ### lines joined (a long title continues on the next ### line). */
  readonly title: string;
  /** Every status the title announces as ": NNN". */
  readonly statuses: readonly number[];
  /** The exercise ids the title names after "exercise" ("exercise 3.1 + 3.3": 3.1, 3.3). */
  readonly exercises: readonly string[];
}

const TITLE = /^###(.*)$/;
const ANNOUNCED_STATUS = /: ([1-5]\d\d)\b/g;
const EXERCISE_MENTION = /\bexercises? (\d+\.\d+(?:(?:\s*(?:\+|,|and)\s*)\d+\.\d+)*)/gi;

/** The requests of a .http file with their titles, in file order. */
export function announcedRequests(text: string): AnnouncedRequest[] {
  const lines = text.split(/\r?\n/);
  const requests: AnnouncedRequest[] = [];
  let titleLines: string[] = [];
  for (const [i, raw] of lines.entries()) {
    const title = TITLE.exec(raw);
    if (title === null) continue;
    titleLines.push((title[1] ?? '').trim());
    // The next line that is neither blank nor a comment decides: another ### continues the
    // title (httpyac sees an empty region there), anything else is this title's request.
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !/^\s*(#(?!##)|\/\/)/.test(l));
    if (next !== undefined && TITLE.test(next)) continue;
    const joined = titleLines.filter((t) => t !== '').join(' ');
    titleLines = [];
    if (next === undefined) continue;
    requests.push({
      line: i + 1,
      title: joined,
      statuses: [...new Set([...joined.matchAll(ANNOUNCED_STATUS)].map((m) => Number(m[1])))],
      exercises: [...joined.matchAll(EXERCISE_MENTION)].flatMap((m) =>
        (m[1] ?? '').split(/\s*(?:\+|,|and)\s*/).filter((id) => id !== ''),
      ),
    });
  }
  return requests;
}

/**
 * The settings a file's header asks the learner to put in the day's .env, one `#   NAME=value`
 * line each, before the first request.
 */
export function headerSettings(text: string): Record<string, string> {
  const header = text.split(/^###/m)[0] ?? '';
  const settings: Record<string, string> = {};
  for (const m of header.matchAll(/^#\s+([A-Z][A-Z0-9_]*)=(\S*)\s*$/gm)) {
    settings[m[1] as string] = m[2] as string;
  }
  return settings;
}

/** What httpyac reports for one request: the status, or why there was none. */
export interface SentRequest {
  /** The file's name as it was given to sendWithHttpyac. httpyac reports a resolved path, which
   * on macOS can differ from the one given (/var is /private/var). */
  readonly file: string;
  readonly line: number;
  readonly status?: number;
  readonly error?: string;
}

/**
 * Where a file's requests do not answer as their titles announce. `dayExercises` are the ids of
 * the day's own exercises, the ones still to do on its starter; `known` is every exercise id.
 */
export function requestMismatches(
  requests: readonly AnnouncedRequest[],
  sent: readonly SentRequest[],
  dayExercises: readonly string[],
  known: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const byLine = new Map(sent.map((s) => [s.line, s]));
  for (const request of requests) {
    const where = `line ${request.line} "${request.title}"`;
    const unknown = request.exercises.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      problems.push(
        `${where} names exercise ${unknown.join(', ')}, which the course does not have`,
      );
    }
    if (request.statuses.length !== 1) {
      problems.push(
        request.statuses.length === 0
          ? `${where} announces no status: end the title with the one to expect (": 200")`
          : `${where} announces ${request.statuses.join(' and ')}: name one status`,
      );
      continue;
    }
    // A title naming one of the day's exercises describes the day solved; the starter may differ.
    const unsolved = request.exercises.some((id) => dayExercises.includes(id));
    const got = byLine.get(request.line);
    if (got?.status === undefined) {
      if (!unsolved) problems.push(`${where}: no answer (${got?.error ?? 'not sent'})`);
    } else if (got.status !== request.statuses[0] && !unsolved) {
      problems.push(
        `${where}: answered ${got.status}. A title that describes the day solved names its exercise`,
      );
    }
  }
  return problems;
}

interface HttpyacReport {
  readonly requests: ReadonlyArray<{
    readonly fileName: string;
    readonly line: number;
    readonly response?: { readonly statusCode: number };
    readonly testResults?: ReadonlyArray<{ readonly message: string }>;
  }>;
}

/**
 * Sends every request of `files` (in `dir`) with `httpyac send --all --json`, one process for
 * all of them. The report goes to a file: httpyac exits as soon as it has written, and a pipe
 * could lose what was still buffered.
 */
export function sendWithHttpyac(
  httpyac: string,
  dir: string,
  files: readonly string[],
): Promise<SentRequest[]> {
  const reportFile = path.join(dir, 'httpyac-report.json');
  const report = fs.openSync(reportFile, 'w');
  return new Promise<SentRequest[]>((resolve, reject) => {
    const child = spawn(process.execPath, [httpyac, 'send', ...files, '--all', '--json'], {
      cwd: dir,
      stdio: ['ignore', report, 'pipe'],
      timeout: 120_000,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const output = fs.readFileSync(reportFile, 'utf8');
      try {
        const parsed = JSON.parse(output) as HttpyacReport;
        resolve(
          parsed.requests.map((r) => ({
            file: path.basename(r.fileName),
            line: r.line,
            ...(r.response ? { status: r.response.statusCode } : {}),
            ...(r.testResults?.length
              ? { error: r.testResults.map((t) => t.message).join('; ') }
              : {}),
          })),
        );
      } catch {
        reject(
          new Error(`httpyac (exit ${code}) gave no report:\n${output.slice(0, 1500)}${stderr}`),
        );
      }
    });
  }).finally(() => fs.closeSync(report));
}
