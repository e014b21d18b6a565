// The integrity check runs every day's regular tests on the starter and on the solved copy,
// and each day carries the tests of the days before it. Many of those runs are the same run:
// Day 3's test of how express.Router matches paths, copied unchanged into days 4–9 and into
// each solved copy, imports nothing that changed. A test whose outcome is fixed by the files
// it imports gets a key made of those files' paths (relative to the day) and contents; runs
// with the same key run once and share the outcome.
//
// A test that can reach files some other way (a child process, the file system, __dirname,
// a computed import) has no key and always runs: the key only covers what imports reveal.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type FileResult, type JestOptions, runJest } from '../jest';
import type { Expectation } from './checks';
import { canBundle, splitBundleResult, standsAsBundled, writeBundles } from './test-bundles';

/**
 * Ways a module can depend on files its imports do not name. Writing its own temporary files
 * (a test's database in a temp folder) is not one of them; reading a file by path is.
 */
const REACHES_OUTSIDE_IMPORTS = [
  /\bchild_process\b/,
  /\bworker_threads\b/,
  /\b(readFileSync|readFile|readdirSync|readdir|opendirSync|opendir|createReadStream)\b/,
  /\b__dirname\b/,
  /\b__filename\b/,
  /\bimport\.meta\b/,
  /\bprocess\.cwd\(/,
  /\bloadEnvFile\b/,
  /\brequire\.resolve\(/,
  // import(x) or require(x) with a computed specifier
  /\bimport\(\s*[^'"`\s)]/,
  /\brequire\(\s*[^'"`\s)]/,
];

/** Every relative specifier a module names: imports, re-exports, require, jest.mock. */
const RELATIVE_SPECIFIER = /(['"])(\.\.?\/[^'"\n]*)\1/g;

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.json', '/index.ts', '/index.js'];

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * What the check learns from reading one module: its text, the files its relative specifiers
 * name, and whether its outcome can depend on files those do not name (`outside`).
 */
export interface ModuleFacts {
  readonly text: string;
  readonly imports: readonly string[];
  readonly outside: boolean;
}

/** Reads a module once per check: the same src/ files sit in the closure of many tests. */
function factsOf(file: string, cache: Map<string, ModuleFacts>): ModuleFacts {
  const known = cache.get(file);
  if (known !== undefined) return known;
  const text = fs.readFileSync(file, 'utf8');
  const imports: string[] = [];
  let outside = false;
  if (!file.endsWith('.json')) {
    outside = REACHES_OUTSIDE_IMPORTS.some((pattern) => pattern.test(text));
    for (const match of text.matchAll(RELATIVE_SPECIFIER)) {
      const target = resolveRelative(file, match[2] as string);
      // A relative string that is no file (a folder, a path being built): not fixed by imports.
      if (target === undefined) outside = true;
      else imports.push(target);
    }
  }
  const facts = { text, imports, outside };
  cache.set(file, facts);
  return facts;
}

/**
 * The key of a test file's outcome, or undefined when imports do not fix it. `root` is the
 * folder the test belongs to (a day, a solved copy): paths inside the key are relative to it,
 * so the same test of the same code in two days has the same key. Packages are the same for
 * every run of one check and are not part of the key.
 */
export function outcomeKey(
  testFile: string,
  root: string,
  cache: Map<string, ModuleFacts> = new Map(),
): string | undefined {
  const seen = new Set<string>();
  const queue = [path.resolve(testFile)];
  const hash = crypto.createHash('sha256');
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const relative = path.relative(root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    const facts = factsOf(file, cache);
    if (facts.outside) return undefined;
    queue.push(...facts.imports);
    hash.update(relative.split(path.sep).join('/')).update('\0').update(facts.text).update('\0');
  }
  // The test's own place in the day is part of what it is: the same code under another name
  // is another test.
  hash.update(`test:${path.relative(root, testFile).split(path.sep).join('/')}`);
  return hash.digest('hex');
}

export interface SharedRuns {
  /** The files to give Jest: one per key, and every file without a key. */
  readonly toRun: string[];
  /** For each file not run, the file whose outcome it shares. */
  readonly sharesWith: ReadonlyMap<string, string>;
}

/** Groups `files` by outcome key; a file without a root (final/, the tooling) always runs. */
export function shareRuns(
  files: ReadonlyArray<{ file: string; root: string | undefined }>,
  cache: Map<string, ModuleFacts> = new Map(),
): SharedRuns {
  const first = new Map<string, string>();
  const toRun: string[] = [];
  const planned = new Set<string>();
  const sharesWith = new Map<string, string>();
  for (const { file, root } of files) {
    const resolved = path.resolve(file);
    if (planned.has(resolved)) continue;
    planned.add(resolved);
    const key = root === undefined ? undefined : outcomeKey(resolved, root, cache);
    const earlier = key === undefined ? undefined : first.get(key);
    if (earlier !== undefined) {
      sharesWith.set(resolved, earlier);
      continue;
    }
    if (key !== undefined) first.set(key, resolved);
    toRun.push(resolved);
  }
  return { toRun, sharesWith };
}

/** Packages that load part of themselves with import(), which Jest allows only with Node's
 * VM-modules flag (see runJest). */
const LOADS_WITH_IMPORT = ['@electric-sql/pglite'];

/** A module that imports or requires one of them (a createRequire'd require included). */
const LOADS_ONE = new RegExp(
  `(?:from|[rR]equire|import)\\s*\\(?\\s*['"](?:${LOADS_WITH_IMPORT.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})['"/]`,
);

/**
 * Whether a test file reaches, through its relative imports, a module that names a package
 * of LOADS_WITH_IMPORT. Such files start at once in a Jest run of their own with the flag,
 * beside the main run, instead of failing there and running again after it. A file this
 * misses still passes: runJest runs it again with the flag.
 */
export function needsVmModules(
  testFile: string,
  cache: Map<string, ModuleFacts> = new Map(),
): boolean {
  const seen = new Set<string>();
  const queue = [path.resolve(testFile)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const facts = factsOf(file, cache);
    if (LOADS_ONE.test(facts.text)) return true;
    queue.push(...facts.imports);
  }
  return false;
}

/**
 * Files per bundle: enough to load the libraries once for many files, few enough to balance
 * the bundles over Jest's workers. Measured on the 2-core machine with days 1-9: 12 per
 * bundle gave a 127 s Jest run, 40 gave 113 s; one group across snapshots instead of one per
 * snapshot gained nothing more. 80, one bundle per snapshot (Day 9 has 64 bundled files),
 * took 2 to 3 % less CPU than 40 over the whole `npm test` (two pairs of runs, alternating).
 */
const BUNDLE_SIZE = 80;

/** Where runPlannedTests writes its bundles (and removes them). */
export const bundlesDir = (repoRoot: string, slot: string): string =>
  path.join(repoRoot, '.course', 'work', `bundles-${slot}`);

/**
 * Runs the files a plan names, each distinct test of distinct code once (shareRuns), a
 * snapshot's passing tests in bundles (test-bundles.ts), and returns a result for every planned
 * file. A bundled file that does not pass in its bundle runs again on its own, in a second
 * Jest run, and that result is the one returned.
 */
export async function runPlannedTests(
  repoRoot: string,
  plan: readonly Expectation[],
  options: JestOptions = {},
  /** Names the bundles' folder: a check's work slot (work-slot.ts), else the process id. */
  slot = String(process.pid),
  /** Where the files that did not pass in a bundle are remembered (readMisses). */
  missesFile?: string,
): Promise<{
  results: Map<string, FileResult>;
  run: number;
  shared: number;
  bundled: number;
  /** Bundled files that did not pass in their bundle and ran again alone. */
  rerun: string[];
  /** Files that ran alone because they did not pass in a bundle last time (missesFile). */
  remembered: string[];
}> {
  // One reading of each module serves the outcome keys and the VM-modules scan.
  const scanned = new Map<string, ModuleFacts>();
  const { toRun, sharesWith } = shareRuns(
    plan.flatMap((x) =>
      x.kind === 'pass'
        ? x.files.map((file) => ({ file, root: x.root }))
        : [{ file: x.file, root: x.root }],
    ),
    scanned,
  );
  const running = new Set(toRun);
  // Exercises on their starters are judged test by test, failures included: never bundled.
  const judgedAlone = new Set(
    plan.flatMap((x) => (x.kind === 'starter-fails' ? [path.resolve(x.file)] : [])),
  );
  const waitingSet = new Set(
    plan.flatMap((x) => (x.kind === 'pass' ? (x.waiting ?? []).map((f) => path.resolve(f)) : [])),
  );
  // Files with a Jest run of their own (below) never join a bundle.
  const needsFlag = (f: string): boolean => needsVmModules(f, scanned);
  const ownRun = (f: string): boolean => waitingSet.has(f) || needsFlag(f);
  // Nor do the files that did not pass in one last time: they would only run again, alone,
  // after the bundles. They stay remembered while planned: learning whether one would pass in
  // a bundle now would cost the second run that remembering saves.
  const missedBefore = missesFile === undefined ? new Set<string>() : readMisses(missesFile);
  const remembered: string[] = [];
  const groups = plan.flatMap((x) =>
    x.kind === 'pass' && (x.root !== undefined || x.bundle === true)
      ? [
          x.files
            .map((f) => path.resolve(f))
            .filter((f) => running.has(f) && !judgedAlone.has(f) && !ownRun(f) && canBundle(f))
            .filter((f) => {
              if (!missedBefore.has(f)) return true;
              remembered.push(f);
              return false;
            }),
        ]
      : [],
  );
  const dir = bundlesDir(repoRoot, slot);
  try {
    const bundles = writeBundles(dir, groups, BUNDLE_SIZE);
    const inBundle = new Set(bundles.flatMap((b) => b.members));
    const alone = toRun.filter((f) => !inBundle.has(f));
    const withFlag = alone.filter(needsFlag);
    const waiting = alone.filter((f) => !withFlag.includes(f) && waitingSet.has(f));
    // Three Jest processes at once: the main one, the files that need the VM-modules flag,
    // and the files the plan marks as waiting (final/'s process-level tests) on one worker.
    // Those spend most of their time waiting
    // (for servers, nginx, Chromium, a readiness delay); in the main run each would hold one
    // of the two workers while the core sits idle.
    const [first, flagged, waited] = await Promise.all([
      runJest(
        repoRoot,
        [
          ...bundles.map((b) => b.file),
          ...alone.filter((f) => !withFlag.includes(f) && !waiting.includes(f)),
        ],
        options,
      ),
      runJest(repoRoot, withFlag, { ...options, vmModules: true }),
      runJest(repoRoot, waiting, { ...options, maxWorkers: 1 }),
    ]);
    for (const [f, r] of flagged) first.set(f, r);
    for (const [f, r] of waited) first.set(f, r);
    const results = new Map<string, FileResult>();
    for (const f of alone) results.set(f, first.get(f) as FileResult);
    for (const b of bundles) {
      const r = first.get(path.resolve(b.file));
      if (r === undefined) continue;
      for (const [f, one] of splitBundleResult(b, r)) results.set(f, one);
    }
    const again = [...inBundle].filter((f) => !standsAsBundled(results.get(f)));
    if (again.length > 0) {
      const second = await runJest(repoRoot, again, options);
      for (const f of again) results.set(f, second.get(f) as FileResult);
    }
    if (missesFile !== undefined) writeMisses(missesFile, [...remembered, ...again]);
    for (const [file, representative] of sharesWith) {
      const shared = results.get(representative);
      if (shared !== undefined) results.set(file, shared);
    }
    return {
      results,
      run: toRun.length,
      shared: sharesWith.size,
      bundled: inBundle.size,
      rerun: again,
      remembered,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The files that did not pass in their bundle, remembered for the next check. Such a file is
 * usually sound alone and hurt by a neighbour: Day 9's starter keeps the last request's log
 * context in a module variable (exercise 9.1), and a later file in the same registry sees it.
 * Running it alone from the start spares a second Jest process at the end of the next check.
 * What is remembered only decides where a file runs, never its verdict.
 */
function readMisses(file: string): Set<string> {
  try {
    const listed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return new Set(Array.isArray(listed) ? listed.filter((f) => typeof f === 'string') : []);
  } catch {
    return new Set();
  }
}

function writeMisses(file: string, files: readonly string[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify([...new Set(files)].sort(), null, 2)}\n`);
}
