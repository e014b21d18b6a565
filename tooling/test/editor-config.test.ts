// The editor set-up the README promises: .vscode/ recommends the extensions it names, formats
// with Biome, debugs every ready day and the open test file, and .editorconfig agrees with
// biome.json for editors without Biome.
import fs from 'node:fs';
import path from 'node:path';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { dayDir, loadCourse, readyDays } from '../src/course';
import { REPO_ROOT } from './fixture';

/** A JSON-with-comments file, as VS Code reads it; a syntax error fails the test. */
function readJsonc<T>(...parts: string[]): T {
  const file = path.join(REPO_ROOT, ...parts);
  const errors: ParseError[] = [];
  const value = parse(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: true }) as T;
  expect(errors.map((e) => `${printParseErrorCode(e.error)} at offset ${e.offset}`)).toEqual([]);
  return value;
}

interface LaunchConfig {
  name: string;
  program: string;
  runtimeArgs?: string[];
  args?: string[];
}
interface Launch {
  configurations: LaunchConfig[];
  inputs: Array<{ id: string; options: Array<{ label: string; value: string }> }>;
}

// VS Code's variables in launch.json (not JavaScript template placeholders).
// biome-ignore lint/suspicious/noTemplateCurlyInString: a VS Code variable
const WORKSPACE_FOLDER = '${workspaceFolder}/';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a VS Code variable
const DAY_INPUT = '${input:day}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a VS Code variable
const OPEN_FILE = '${file}';

const inWorkspace = (template: string): string =>
  path.join(REPO_ROOT, ...template.replace(WORKSPACE_FOLDER, '').split('/'));

describe('.vscode', () => {
  test('recommends Biome, the TypeScript 7 language service, REST Client, httpyac and Jest', () => {
    const { recommendations } = readJsonc<{ recommendations: string[] }>(
      '.vscode',
      'extensions.json',
    );
    expect(recommendations).toEqual(
      expect.arrayContaining([
        'biomejs.biome',
        'TypeScriptTeam.native-preview',
        'humao.rest-client',
        'anweber.vscode-httpyac',
        'Orta.vscode-jest',
      ]),
    );
  });

  test('formats with Biome on save and starts Jest itself (npm test is not Jest)', () => {
    const settings = readJsonc<Record<string, unknown>>('.vscode', 'settings.json');
    expect(settings['editor.defaultFormatter']).toBe('biomejs.biome');
    expect(settings['[typescript]']).toEqual({ 'editor.defaultFormatter': 'biomejs.biome' });
    expect(settings['editor.formatOnSave']).toBe(true);
    expect(settings['js/ts.experimental.useTsgo']).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, String(settings['js/ts.tsdk.path'])))).toBe(true);
    const jest = String(settings['jest.jestCommandLine']).split(' ');
    expect(jest[0]).toBe('node');
    expect(fs.existsSync(path.join(REPO_ROOT, ...(jest[1] ?? '').split('/')))).toBe(true);
  });

  test('"Debug day N" offers every ready day, and each choice is a server entry point', () => {
    const launch = readJsonc<Launch>('.vscode', 'launch.json');
    const config = launch.configurations.find((c) => c.name === 'Debug day N');
    expect(config?.runtimeArgs).toEqual(['--import', 'tsx']);
    const options = launch.inputs.find((i) => i.id === 'day')?.options ?? [];
    const course = loadCourse(REPO_ROOT);
    const ready = readyDays(course);
    expect(options.map((o) => o.value)).toEqual(ready.map((d) => d.slug));
    for (const [i, day] of ready.entries()) {
      expect(options[i]?.label).toBe(`Day ${day.day}: ${day.title}`);
      const entry = inWorkspace((config?.program ?? '').replace(DAY_INPUT, day.slug));
      expect(entry).toBe(path.join(dayDir(REPO_ROOT, day), 'src', 'server.ts'));
      expect(fs.existsSync(entry)).toBe(true);
    }
  });

  test('"Debug the current exercise test" runs Jest in one process on the open file', () => {
    const launch = readJsonc<Launch>('.vscode', 'launch.json');
    const config = launch.configurations.find((c) => c.name === 'Debug the current exercise test');
    expect(fs.existsSync(inWorkspace(config?.program ?? ''))).toBe(true);
    expect(config?.args).toEqual(
      expect.arrayContaining(['--runInBand', '--runTestsByPath', OPEN_FILE]),
    );
  });
});

describe('.editorconfig', () => {
  test('agrees with biome.json on indentation and line width, and with .gitattributes on LF', () => {
    const editorconfig = fs.readFileSync(path.join(REPO_ROOT, '.editorconfig'), 'utf8');
    const all = editorconfig.split(/^\[/m).find((section) => section.startsWith('*]')) ?? '';
    const value = (key: string): string | undefined =>
      new RegExp(`^${key}\\s*=\\s*(\\S+)$`, 'm').exec(all)?.[1];
    const biome = readJsonc<{
      formatter: { indentStyle: string; indentWidth: number; lineWidth: number };
    }>('biome.json');
    expect(value('indent_style')).toBe(biome.formatter.indentStyle);
    expect(Number(value('indent_size'))).toBe(biome.formatter.indentWidth);
    expect(Number(value('max_line_length'))).toBe(biome.formatter.lineWidth);
    expect(value('end_of_line')).toBe('lf');
  });
});
