// `npm run hint -- N.M`: one more hint each time, then the lesson section and the solution.
import type { ParsedArgs } from '../args';
import { type Course, lessonFile, resolveExercise } from '../course';
import { relativePosix } from '../files';
import { color } from '../output';
import { readState, writeState } from '../state';

export function hintCommand(root: string, course: Course, args: ParsedArgs): number {
  const { day, exercise } = resolveExercise(course, args.positionals[0]);
  const state = readState(root);
  const shown = Math.min((state.hintsShown[exercise.id] ?? 0) + 1, exercise.hints.length);
  state.hintsShown[exercise.id] = shown;
  writeState(root, state);

  console.log(color.bold(`\n${exercise.id} ${exercise.title}`));
  exercise.hints.slice(0, shown).forEach((hint, i) => {
    const label = `Hint ${i + 1}/${exercise.hints.length}`;
    console.log(`\n${i === shown - 1 ? color.cyan(label) : color.dim(label)}: ${hint}`);
  });
  const lesson = relativePosix(root, lessonFile(root, day));
  console.log(`\nRe-read: ${lesson} § ${exercise.lesson}`);
  if (shown < exercise.hints.length) {
    console.log(color.dim(`Run the same command again for the next hint.`));
  } else {
    console.log(
      color.dim(
        `That was the last hint. Compare with the solution: npm run solution -- ${day.day} (solutions/${day.slug})`,
      ),
    );
  }
  return 0;
}
