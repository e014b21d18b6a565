// `node .ci/check-fails-on-starter.mjs <day>`: a starter must fail `npm run check -- <day>` for
// the right reason: exit code 1 (exercises to do), not 2 (a usage error) or a crash, and the
// summary "0/N exercises done" (every exercise fails on its starter).
import { npm } from './course-command.mjs';

const day = process.argv[2] ?? '1';
const run = npm(['run', 'check', '--', day]);
const { code } = await run.exited;
const output = run.output();
const summary = /^0\/\d+ exercises done/m.exec(output);
if (code === 1 && summary) {
  console.log(`npm run check -- ${day} on the starter: ${summary[0]} (exit code 1, as expected)`);
} else {
  console.log(output);
  console.error(
    `npm run check -- ${day} on the starter exited with ${code}; expected 1 with "0/N exercises done"`,
  );
  process.exit(1);
}
