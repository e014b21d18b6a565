// `check --watch` takes its type checks from a running `tsc --watch` (tooling/src/type-watch.ts).
// These tests run the real tsc on a small project: every answer is the check of the files as
// they were when it was asked for, even when a save reaches the disk in two writes.
import fs from 'node:fs';
import path from 'node:path';
import { writeFile } from '../src/files';
import { TypeWatch } from '../src/type-watch';
import { REPO_ROOT } from './fixture';

const root = path.join(REPO_ROOT, '.course', 'work', `type-watch-project-${process.pid}`);
const tsconfig = path.join(root, 'tsconfig.json');
const source = path.join(root, 'src', 'total.ts');
const typed = (value: string): string => `export const total: number = ${value};\n`;

let tsc: TypeWatch | undefined;

beforeAll(() => {
  writeFile(
    tsconfig,
    JSON.stringify({ extends: path.join(REPO_ROOT, 'tsconfig.json'), include: ['src/**/*.ts'] }),
  );
  writeFile(source, typed("'forty-two'"));
});

afterAll(() => {
  tsc?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

jest.setTimeout(60_000);

describe('type checks from tsc --watch', () => {
  it("gives the first check, each error at its place, and none of its probe's", async () => {
    tsc = TypeWatch.start(REPO_ROOT, tsconfig, 'fixture');
    const result = await tsc?.check(30_000);
    expect(result?.ok).toBe(false);
    expect(result?.errors).toEqual([
      expect.objectContaining({
        file: path.relative(REPO_ROOT, source).split(path.sep).join('/'),
        line: 1,
        code: 'TS2322',
      }),
    ]);
  });

  it('answers each check with the files as they are: a fix counts, then a new error does', async () => {
    writeFile(source, typed('42'));
    expect(await tsc?.check()).toEqual(expect.objectContaining({ ok: true, errors: [] }));
    writeFile(source, typed('true'));
    const broken = await tsc?.check();
    expect(broken?.ok).toBe(false);
    expect(broken?.errors[0]?.message).toMatch(/boolean/);
  });

  it('is not fooled by a save in two writes (tsc may check between them)', async () => {
    // An editor that truncates, then writes: tsc starts a check on the empty file (which has no
    // error) and may finish it after the second write. Each answer must be the final content's.
    for (const [value, ok] of [
      ['1', true],
      ["'x'", false],
      ['2', true],
      ['null', false],
      ['3', true],
      ['[]', false],
    ] as const) {
      const fd = fs.openSync(source, 'w');
      await new Promise((resolve) => setTimeout(resolve, 40));
      fs.writeSync(fd, typed(value));
      fs.closeSync(fd);
      expect({ value, ok: (await tsc?.check())?.ok }).toEqual({ value, ok });
    }
  });

  it("answers nothing once tsc has stopped, and leaves nothing in the course's work folder", async () => {
    tsc?.stop();
    await expect(tsc?.check()).resolves.toBeUndefined();
    const work = fs.readdirSync(path.join(REPO_ROOT, '.course', 'work'));
    expect(work.filter((f) => f === `type-watch-fixture-${process.pid}`)).toEqual([]);
  });

  it('declines a project that does not list its files (the caller then runs tsc afresh)', () => {
    const bare = path.join(root, 'bare', 'tsconfig.json');
    writeFile(bare, JSON.stringify({ compilerOptions: { strict: true } }));
    expect(TypeWatch.start(REPO_ROOT, bare, 'bare')).toBeUndefined();
  });
});
