import { type FileResult, neededVmModules, withVmModules } from '../src/jest';

describe('the NODE_OPTIONS of a Jest run that needs import()', () => {
  it("add the VM-modules flag (PGlite's import() under Jest) and silence its warning", () => {
    expect(withVmModules(undefined)).toBe(
      '--experimental-vm-modules --disable-warning=ExperimentalWarning',
    );
  });

  it("keep the caller's own options, and never add a flag twice", () => {
    expect(withVmModules('--max-old-space-size=4096 --experimental-vm-modules')).toBe(
      '--max-old-space-size=4096 --experimental-vm-modules --disable-warning=ExperimentalWarning',
    );
  });
});

describe('which files run again with the VM-modules flag', () => {
  const result = (over: Partial<FileResult>): FileResult => ({
    file: '/course/x.test.ts',
    passed: false,
    numPassed: 0,
    numFailed: 1,
    failures: [],
    tests: [],
    ...over,
  });
  const failure = (message: string) => ({ name: 'a test', message, unmetExpectation: false });

  it('a file whose import() Node refused for want of the flag', () => {
    const message =
      'TypeError: A dynamic import callback was invoked without --experimental-vm-modules';
    expect(neededVmModules(result({ failures: [failure(message)] }))).toBe(true);
    expect(
      neededVmModules(result({ loadError: `code: 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG'` })),
    ).toBe(true);
  });

  it("a file whose import() Jest refused (Jest's own wording)", () => {
    const message =
      'You need to run with a version of node that supports ES Modules in the VM API. See https://jestjs.io/docs/ecmascript-modules';
    expect(neededVmModules(result({ failures: [failure(message)] }))).toBe(true);
  });

  it('not a file that failed for another reason, nor one that passed', () => {
    expect(
      neededVmModules(result({ failures: [failure('expect(received).toBe(expected)')] })),
    ).toBe(false);
    expect(
      neededVmModules(result({ passed: true, numPassed: 1, numFailed: 0, failures: [] })),
    ).toBe(false);
  });
});
