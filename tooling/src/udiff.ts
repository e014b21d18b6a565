import { createTwoFilesPatch } from 'diff';
import { color } from './output';

/** A unified diff of two texts, coloured when the terminal supports it. */
export function unifiedDiff(
  oldName: string,
  newName: string,
  before: string | undefined,
  after: string | undefined,
): string {
  const patch = createTwoFilesPatch(
    before === undefined ? '/dev/null' : oldName,
    after === undefined ? '/dev/null' : newName,
    before ?? '',
    after ?? '',
    undefined,
    undefined,
    { context: 3 },
  );
  return patch
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return color.bold(line);
      if (line.startsWith('+')) return color.green(line);
      if (line.startsWith('-')) return color.red(line);
      if (line.startsWith('@@')) return color.cyan(line);
      return line;
    })
    .join('\n');
}

export function countChanges(before: string, after: string): { added: number; removed: number } {
  const patch = createTwoFilesPatch('a', 'b', before, after, undefined, undefined, { context: 0 });
  let added = 0;
  let removed = 0;
  for (const line of patch.split('\n').slice(4)) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return { added, removed };
}
