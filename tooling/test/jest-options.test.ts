import { withVmModules } from '../src/jest';

describe('the NODE_OPTIONS every Jest run gets', () => {
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
