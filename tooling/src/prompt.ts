import readline from 'node:readline/promises';
import { CourseError } from './errors';

/** Asks a yes/no question; `--yes` answers for the person, a non-interactive shell refuses. */
export async function confirm(question: string, assumeYes: boolean): Promise<boolean> {
  if (assumeYes) return true;
  if (!process.stdin.isTTY) {
    throw new CourseError('this would change your files: re-run with --yes to confirm');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
