import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MODULE = path.join(__dirname, '..', 'src', 'config', 'env-file.ts');

/**
 * Runs loadEnvFileIfPresent in a fresh Node process: process.loadEnvFile writes the real
 * environment, and Jest hands each test file a copy of process.env that never sees it.
 */
function loadIn(file: string, env: Record<string, string>) {
  const script = `
    const { loadEnvFileIfPresent } = require(${JSON.stringify(MODULE)});
    let outcome;
    try { outcome = { loaded: loadEnvFileIfPresent(process.env.FILE_UNDER_TEST) }; }
    catch (error) { outcome = { error: error.code }; }
    const { COURSE_A, COURSE_B, COURSE_C } = process.env;
    console.log(JSON.stringify({ ...outcome, COURSE_A, COURSE_B, COURSE_C }));`;
  const { COURSE_A, COURSE_B, COURSE_C, ...inherited } = process.env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: __dirname,
    env: { ...inherited, FILE_UNDER_TEST: file, ...env },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

describe('loadEnvFileIfPresent', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-file-'));
    fs.writeFileSync(
      path.join(dir, '.env'),
      '# a comment\nCOURSE_A=from-file\nCOURSE_B="quoted, with spaces"\nCOURSE_C=from-file\n',
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the variables of the file into process.env', () => {
    expect(loadIn(path.join(dir, '.env'), {})).toEqual({
      loaded: true,
      COURSE_A: 'from-file',
      COURSE_B: 'quoted, with spaces',
      COURSE_C: 'from-file',
    });
  });

  it('keeps what the real environment sets, even an empty value', () => {
    expect(loadIn(path.join(dir, '.env'), { COURSE_A: 'from-env', COURSE_C: '' })).toEqual({
      loaded: true,
      COURSE_A: 'from-env',
      COURSE_B: 'quoted, with spaces',
      COURSE_C: '',
    });
  });

  it('does nothing when there is no file', () => {
    expect(loadIn(path.join(dir, 'missing.env'), {})).toEqual({ loaded: false });
  });

  it('reports a file it cannot read instead of ignoring it', () => {
    // A folder where the file should be; Node's error code for it differs between versions.
    const outcome = loadIn(dir, {});
    expect(outcome.loaded).toBeUndefined();
    expect(outcome.error).toEqual(expect.any(String));
  });
});
