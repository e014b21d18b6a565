// The workflow files cannot run here, so GitHub's own parser (@actions/workflow-parser, the one
// behind the Actions language service) holds them to GitHub's workflow schema; a fixture with a
// misspelled key proves the validation catches what it claims to catch.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './fixture';
import type { WorkflowErrors } from './github-workflow-parser';

const WORKFLOWS = path.join(REPO_ROOT, '.github', 'workflows');
const PARSER = path.join(REPO_ROOT, 'tooling', 'test', 'github-workflow-parser.ts');
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

function validate(files: readonly string[]): WorkflowErrors {
  const run = spawnSync(process.execPath, ['--import', TSX, PARSER, ...files], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`the workflow parser failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as WorkflowErrors;
}

const workflowFiles = fs
  .readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => path.join(WORKFLOWS, name));
const ci = path.join(WORKFLOWS, 'ci.yml');

/** ci.yml with an edit that must break it, and whether the edit changed anything. */
const BROKEN: Record<string, (yaml: string) => string> = {
  'typo.yml': (yaml) =>
    yaml.replace('runs-on: ubuntu-24.04', 'runs_on: ubuntu-24.04').replace('with:', 'wiht:'),
  'needs.yml': (yaml) => yaml.replace('\n  learner:\n', '\n  learner:\n    needs: integrty\n'),
};

let scratch: string;
let broken: Record<string, string>;
let results: WorkflowErrors;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
  const original = fs.readFileSync(ci, 'utf8');
  broken = {};
  for (const [name, edit] of Object.entries(BROKEN)) {
    const text = edit(original);
    if (text === original) throw new Error(`the edit for ${name} no longer changes ci.yml`);
    broken[name] = path.join(scratch, name);
    fs.writeFileSync(broken[name], text);
  }
  // One parser process for every file: it loads in about a second.
  results = validate([...workflowFiles, ...Object.values(broken)]);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('GitHub Actions workflows', () => {
  test('the repository has workflow files, and ci.yml is one of them', () => {
    expect(workflowFiles).toContain(ci);
  });

  test("every workflow in .github/workflows passes GitHub's workflow parser", () => {
    for (const file of workflowFiles)
      expect({ file, errors: results[file] }).toEqual({ file, errors: [] });
  });

  test('a misspelled key fails validation, named with its line and column', () => {
    expect(results[broken['typo.yml'] ?? '']).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/typo\.yml \(Line: \d+, Col: \d+\): Unexpected value 'runs_on'/),
        expect.stringMatching(/Unexpected value 'wiht'/),
      ]),
    );
  });

  test('a job that needs a job that does not exist fails validation', () => {
    expect(results[broken['needs.yml'] ?? '']).toEqual(
      expect.arrayContaining([expect.stringContaining('integrty')]),
    );
  });
});
