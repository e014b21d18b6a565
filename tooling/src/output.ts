// Terminal output: colour only on a TTY and never when NO_COLOR is set (no-color.org).
const enabled = process.stdout.isTTY === true && !('NO_COLOR' in process.env);
const wrap =
  (open: number, close: number) =>
  (s: string): string =>
    enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s;

export const color = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

export const DONE = color.green('✔');
export const TODO = color.red('✘');

export function indent(text: string, by = 4): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}
