import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MODULE = path.join(__dirname, '..', 'src', 'config', 'env-file.ts');

/**
 * Runs loadEnvFileIfPresent in a fresh Node process, once per case: process.loadEnvFile writes
 * the process's real environment, and Jest hands each test file a copy of process.env that
 * never sees it. In the child, setting process.env before the call is the real environment.
 */
function loadInChild(dir: string) {
  const script = `
    const { loadEnvFileIfPresent } = require(${JSON.stringify(MODULE)});
    const path = require('node:path');
    const names = ['COURSE_A', 'COURSE_B', 'COURSE_C'];
    const run = (file, realEnv) => {
      for (const name of names) delete process.env[name];
      Object.assign(process.env, realEnv);
      let outcome;
      try { outcome = { loaded: loadEnvFileIfPresent(file) }; }
      catch (error) { outcome = { error: String(error.code) }; }
      for (const name of names) outcome[name] = process.env[name];
      return outcome;
    };
    const dir = process.env.DIR_UNDER_TEST;
    console.log(JSON.stringify({
      fromFile: run(path.join(dir, '.env'), {}),
      realWins: run(path.join(dir, '.env'), { COURSE_A: 'from-env', COURSE_C: '' }),
      missing: run(path.join(dir, 'missing.env'), {}),
      folder: run(dir, {}),
    }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: __dirname,
    env: { ...process.env, DIR_UNDER_TEST: dir },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

describe('loadEnvFileIfPresent', () => {
  let dir: string;
  let outcomes: Record<string, Record<string, unknown>>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-file-'));
    fs.writeFileSync(
      path.join(dir, '.env'),
      '# a comment\nCOURSE_A=from-file\nCOURSE_B="quoted, with spaces"\nCOURSE_C=from-file\n',
    );
    outcomes = loadInChild(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the variables of the file into process.env', () => {
    expect(outcomes['fromFile']).toEqual({
      loaded: true,
      COURSE_A: 'from-file',
      COURSE_B: 'quoted, with spaces',
      COURSE_C: 'from-file',
    });
  });

  it('keeps what the real environment sets, even an empty value', () => {
    expect(outcomes['realWins']).toEqual({
      loaded: true,
      COURSE_A: 'from-env',
      COURSE_B: 'quoted, with spaces',
      COURSE_C: '',
    });
  });

  it('does nothing when there is no file', () => {
    expect(outcomes['missing']).toEqual({ loaded: false });
  });

  it('reports a file it cannot read instead of ignoring it', () => {
    // A folder where the file should be; Node's error code for it differs between versions.
    expect(outcomes['folder']).toEqual({ error: expect.any(String) });
  });
});
