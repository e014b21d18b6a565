// `npm test`: the integrity check. Every promise the course makes, verified on this checkout.
// The last line is always "N passed, N failed"; the exit code is 0 only when nothing failed.
import '../node-version';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseCommand, usage } from '../args';
import { integrityCheck } from '../commands/specs';
import { type Course, type Day, dayDir, loadCourse, readyDays } from '../course';
import { CourseError } from '../errors';
import { renderExerciseIndex } from '../exercise-index';
import { bundlesDir, runPlannedTests } from './shared-outcomes';
import { color, DONE, indent, TODO } from '../output';
import { findRepoRoot, scratchDir } from '../paths';
import { runProcess } from '../run-process';
import { makeSolvedCopy, solvedCopyPath } from '../snapshots';
import { claimWorkSlot } from '../work-slot';
import { computeStarters, readStarters } from '../starters';
import { type Project, tscPath, typecheckProjects } from '../typecheck';
import {
  type Check,
  checkContinuity,
  checkExcerpts,
  checkExerciseSet,
  checkIndex,
  evaluateTests,
  planTests,
} from './checks';
import { checkEnvExamples, configTargets } from './env-example';
import { checkFinalKeepsTheDays } from './final-keeps-days';
import { checkShellCommands } from './shell-commands';
import { checkNoSolutionInDocs } from './solution-leaks';
import {
  announcedRequests,
  headerSettings,
  requestMismatches,
  sendWithHttpyac,
} from './requests-http';

const results: Check[] = [];
const timings: string[] = [];

function report(checks: readonly Check[]): void {
  for (const c of checks) {
    results.push(c);
    console.log(`${c.ok ? DONE : TODO} ${c.name}`);
    if (!c.ok && c.detail) console.log(indent(c.detail, 4));
  }
}

async function step(
  title: string,
  fn: () => Promise<readonly Check[]> | readonly Check[],
): Promise<void> {
  const started = Date.now();
  console.log(color.bold(`\n${title}`));
  try {
    report(await fn());
  } catch (error) {
    report([{ name: title, ok: false, detail: (error as Error).stack ?? String(error) }]);
  }
  timings.push(`${title}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A day's requests.http, or nothing when it has none (the course index check says so). */
function requestsText(root: string, day: Day): string {
  const file = path.join(dayDir(root, day), 'requests.http');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** A package's script file; one root install means it is always under root/node_modules. */
const bin = (root: string, pkg: string, file: string): string =>
  path.join(root, 'node_modules', pkg, file);

/** Runs async jobs with at most `limit` at once (the machine has two cores). */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function metadataChecks(root: string, course: Course): Check[] {
  const starters =
    JSON.stringify(readStarters(root)) === JSON.stringify(computeStarters(root, course));
  const index = path.join(root, 'exercises', 'README.md');
  const indexOk =
    fs.existsSync(index) && fs.readFileSync(index, 'utf8') === renderExerciseIndex(course);
  return [
    starters
      ? { name: 'starter fingerprints (tooling/starters.json) are current', ok: true }
      : {
          name: 'starter fingerprints (tooling/starters.json) are current',
          ok: false,
          detail:
            'a day file changed since the last sync: run npm run course:sync and commit the result',
        },
    indexOk
      ? { name: 'exercises/README.md matches the course index', ok: true }
      : {
          name: 'exercises/README.md matches the course index',
          ok: false,
          detail: 'run npm run course:sync and commit the result',
        },
  ];
}

async function typecheck(root: string, projects: readonly Project[]): Promise<Check[]> {
  const results = await typecheckProjects(root, projects);
  return projects.map((p, i) => {
    const r = results[i];
    return r?.ok
      ? { name: `${p.name} type-checks (strict)`, ok: true }
      : {
          name: `${p.name} type-checks (strict)`,
          ok: false,
          detail: (r?.output ?? 'tsc did not run').trim().split('\n').slice(0, 15).join('\n'),
        };
  });
}

/** A server the check started, up and answering, or the check that says why it is not. */
type Started =
  | { readonly ok: true; readonly url: string; stop(): Promise<Check> }
  | { readonly ok: false; readonly check: Check };

/**
 * (f) Start a server through its own entry point on an ephemeral port and ask /health. It keeps
 * running (the day's requests.http is sent to it) until `stop()`, which expects a clean exit.
 */
async function startAndAskHealth(
  root: string,
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
): Promise<Started> {
  // `node --import tsx` rather than the tsx CLI: the CLI relays signals to a child and kills it
  // after 30 ms, which on a loaded machine turns a clean SIGTERM exit into 143.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const label = `${name} starts through ${path.relative(root, entry).split(path.sep).join('/')} and answers GET /health`;
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const failed = (detail: string): Started => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return { ok: false, check: { name: label, ok: false, detail } };
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no "listening on http://…" line within 20 s')),
        20_000,
      );
      const onData = (c: Buffer): void => {
        output += c.toString();
        const m = /listening on (http:\/\/[^\s",]+)/.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with code ${code} before listening`));
      });
    });
    const status = await new Promise<number>((resolve, reject) => {
      // agent: false sends Connection: close. An idle keep-alive socket would be this client's
      // to close, and final/'s drain rightly waits for it (up to its keep-alive timeout).
      http
        .get(`${url}/health`, { agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    if (status !== 200) return failed(`GET /health answered ${status}`);
    const stop = async (): Promise<Check> => {
      child.kill('SIGTERM');
      const code = await Promise.race([
        exit,
        // unref: a server that exited in time must not keep `npm test` waiting 10 s at the end.
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000).unref()),
      ]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return code === 0
        ? { name: label, ok: true }
        : { name: label, ok: false, detail: `after SIGTERM it exited with ${code}, not 0` };
    };
    return { ok: true, url, stop };
  } catch (error) {
    return failed(`${(error as Error).message}\n${output.slice(-1500)}`);
  }
}

/**
 * (g) Each day's requests.http, sent top to bottom to its running starter in one httpyac run:
 * every request answers the status its title announces, unless the title names one of the
 * day's exercises (requests-http.ts).
 */
async function checkRequestFiles(
  root: string,
  course: Course,
  running: ReadonlyArray<{ readonly day: Day; readonly url: string; readonly text: string }>,
): Promise<Check[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-requests-'));
  try {
    const files = running.map(({ day, url, text }) => {
      const copy = path.join(dir, `${day.slug}.http`);
      fs.writeFileSync(copy, text.replace(/^@base = .*$/m, `@base = ${url}`));
      return { day, text, copy };
    });
    const sent = await sendWithHttpyac(
      bin(root, 'httpyac', 'bin/httpyac.js'),
      dir,
      files.map((f) => path.basename(f.copy)),
    );
    const known = new Set(course.days.flatMap((d) => d.exercises.map((e) => e.id)));
    return files.map(({ day, text, copy }) => {
      const requests = announcedRequests(text);
      const problems = [
        ...(/^@base = /m.test(text) ? [] : ['no "@base = …" line to point at the server']),
        ...requestMismatches(
          requests,
          sent.filter((s) => s.file === path.basename(copy)),
          day.exercises.map((e) => e.id),
          known,
        ),
      ];
      const name = `day ${day.day}: requests.http, sent to the starter, answers as its titles announce (${requests.length} requests)`;
      if (problems.length === 0) return { name, ok: true };
      // The server reads the day's .env under the check's settings: a learner's own may differ.
      const envFile = path.join(dayDir(root, day), '.env');
      if (fs.existsSync(envFile)) {
        problems.push(
          `(the server also read ${path.relative(root, envFile)}: a setting there may explain this)`,
        );
      }
      return { name, ok: false, detail: problems.join('\n') };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const root = findRepoRoot();
  const course = loadCourse(root);
  const days = readyDays(course);
  const finalDir = path.join(root, 'final');
  const hasFinal = fs.existsSync(path.join(finalDir, 'tsconfig.json'));
  console.log(
    color.bold(
      `Integrity check: ${course.title} (${days.length} ready days${hasFinal ? ' + final/' : ''})`,
    ),
  );

  await step('Course index and files', () => [
    ...checkIndex(root, course),
    ...checkExerciseSet(root, course),
    ...checkExcerpts(root, course),
    ...metadataChecks(root, course),
  ]);

  await step('Lessons and briefs (no solution code, commands for every shell)', () => [
    ...checkNoSolutionInDocs(root, course),
    ...checkShellCommands(root, course),
  ]);

  const solved = new Map<string, string>();
  const slot = claimWorkSlot(root);
  const cleanup = (): void => {
    for (const dir of solved.values()) fs.rmSync(dir, { recursive: true, force: true });
    // Interrupted mid-run, the Jest step has not removed its bundles yet.
    fs.rmSync(bundlesDir(root, slot.id), { recursive: true, force: true });
    slot.release();
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    for (const day of days) {
      if (day.exercises.length === 0) continue;
      const dir = solvedCopyPath(root, day, slot.id);
      solved.set(day.slug, dir);
      makeSolvedCopy(root, day, dir);
    }

    await step('Configuration: .env.example matches loadConfig', () =>
      checkEnvExamples(root, configTargets(root, course, solved)),
    );

    await step('Lint and format (biome)', async () => {
      const r = await runProcess(
        process.execPath,
        [bin(root, '@biomejs/biome', 'bin/biome'), 'check', '.'],
        root,
      );
      return [
        r.code === 0
          ? { name: 'biome check passes', ok: true }
          : {
              name: 'biome check passes',
              ok: false,
              detail: `${r.output.trim().split('\n').slice(-25).join('\n')}\n(npm run format fixes formatting)`,
            },
      ];
    });

    await step('Type checks', () =>
      typecheck(root, [
        { name: 'tooling', config: path.join(root, 'tsconfig.json') },
        ...days.map((d: Day) => ({
          name: `day ${d.day} starter`,
          config: path.join(dayDir(root, d), 'tsconfig.json'),
        })),
        ...days
          .filter((d) => solved.has(d.slug))
          .map((d) => ({
            name: `day ${d.day} with its solution`,
            config: path.join(solved.get(d.slug)!, 'tsconfig.json'),
          })),
        ...(hasFinal ? [{ name: 'final/', config: path.join(finalDir, 'tsconfig.json') }] : []),
      ]),
    );

    if (hasFinal) {
      await step('Build final/ (npm run build)', async () => {
        const r = await runProcess(
          process.execPath,
          [tscPath(root), '-p', path.join(finalDir, 'tsconfig.build.json')],
          root,
        );
        return [
          r.code === 0
            ? { name: 'final/ compiles to final/dist', ok: true }
            : { name: 'final/ compiles to final/dist', ok: false, detail: r.output.slice(-2000) },
        ];
      });
    }

    await step(
      'Tests (Jest: snapshots, exercises on starters, solved copies, final/, tooling)',
      async () => {
        const plan = planTests(root, course, solved, [
          { name: 'course tooling', dir: path.join(root, 'tooling', 'test') },
          // final/'s tests build their own apps and databases: they bundle like a day's.
          // test/ops/ runs the built server, nginx and Chromium, and mostly waits on them.
          ...(hasFinal
            ? [
                {
                  name: 'final/',
                  dir: finalDir,
                  bundle: true,
                  waiting: path.join(finalDir, 'test', 'ops'),
                },
              ]
            : []),
        ]);
        const { results, run, shared, bundled, rerun, remembered } = await runPlannedTests(
          root,
          plan,
          { env: { NODE_ENV: 'test' } },
          slot.id,
          scratchDir(root, 'bundle-misses.json'),
        );
        const files = (list: readonly string[]): string =>
          list.map((f) => path.relative(root, f)).join(', ');
        console.log(
          color.dim(
            `  ${run} test files run (${bundled} of them in bundles that share one module registry${remembered.length > 0 ? `; ${remembered.length} ran alone, having not passed in a bundle before: ${files(remembered)}` : ''}${rerun.length > 0 ? `; ${rerun.length} did not pass in a bundle and ran again on their own: ${files(rerun)}` : ''}); ${shared} more are the same test of the same code as one of them and share its outcome`,
          ),
        );
        return evaluateTests(plan, results);
      },
    );

    await step('Continuity between days', () => checkContinuity(root, course));

    if (hasFinal) {
      await step('final/ keeps what the days built (src/ files and exports)', () =>
        checkFinalKeepsTheDays(root, course),
      );
    }

    await step('Servers start through their entry points; requests.http answers', async () => {
      const targets: Array<{ name: string; entry: string; day?: Day }> = days.map((d) => ({
        name: `day ${d.day}`,
        entry: path.join(dayDir(root, d), 'src', 'server.ts'),
        day: d,
      }));
      if (hasFinal)
        targets.push({ name: 'final/', entry: path.join(finalDir, 'src', 'server.ts') });
      // An in-memory database: the check leaves no data file behind and shares none with
      // another run (days before Day 5 ignore DB_PATH). The settings a requests.http header
      // asks for in the day's .env; bcrypt's lowest cost, which changes no status.
      const requestFiles = new Map(days.map((d) => [d.slug, requestsText(root, d)]));
      const envFor = (day: Day | undefined): NodeJS.ProcessEnv => ({
        DB_PATH: ':memory:',
        ...(day === undefined ? {} : headerSettings(requestFiles.get(day.slug) ?? '')),
        BCRYPT_COST: '4',
      });
      const started = await pool(targets, 2, (t) =>
        startAndAskHealth(root, t.name, t.entry, envFor(t.day)),
      );
      const running = targets.flatMap((t, i) => {
        const s = started[i];
        return t.day !== undefined && s?.ok
          ? [{ day: t.day, url: s.url, text: requestFiles.get(t.day.slug) ?? '' }]
          : [];
      });
      // Servers stop whatever httpyac did: a failure to send is one failed check, not a hang.
      const requestChecks = await checkRequestFiles(root, course, running).catch(
        (error: unknown): Check[] => [
          { name: 'requests.http files are sent', ok: false, detail: String(error) },
        ],
      );
      const stopped = await Promise.all(started.map((s) => (s.ok ? s.stop() : s.check)));
      return [...stopped, ...requestChecks];
    });
  } finally {
    // Only our own copies: another check may be running from the same checkout.
    cleanup();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(color.dim(`\n${timings.join(' · ')}`));
  console.log(
    color.dim(
      `total ${((Date.now() - started) / 1000).toFixed(1)} s on ${os.availableParallelism()} cores`,
    ),
  );
  if (failed > 0) {
    console.log(color.red(`\nFailed:`));
    for (const r of results.filter((x) => !x.ok)) console.log(`  ${TODO} ${r.name}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function start(): void {
  // The same strict parsing as every course command: `npm test -- --wach` is refused.
  let help = false;
  try {
    help = parseCommand(integrityCheck, process.argv.slice(2)).help;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 2;
    return;
  }
  if (help) {
    console.log(usage(integrityCheck));
    return;
  }
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof CourseError ? `error: ${error.message}` : error);
      console.log('0 passed, 1 failed');
      process.exitCode = 1;
    },
  );
}

start();
