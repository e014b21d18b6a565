// `node .ci/day-answers-health.mjs <day>`: `npm run day:<day>` starts the day's API (with its
// watcher, as a learner runs it), GET /health answers 200 {"status":"ok",...}, then the whole
// process tree is stopped. PORT=0 lets the OS pick a free port; the server logs the real one.
import { npm } from './course-command.mjs';

const day = process.argv[2] ?? '1';
const run = npm(['run', `day:${day}`], { env: { PORT: '0' } });

async function listeningUrl(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /listening on (http:\/\/[^\s"',()]+)/.exec(run.output());
    if (match) return match[1];
    if (run.child.exitCode !== null) throw new Error(`npm run day:${day} exited before listening`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`npm run day:${day} logged no "listening on http://..." line in ${timeoutMs} ms`);
}

let failure;
try {
  const url = await listeningUrl(60_000);
  const response = await fetch(`${url}/health`);
  const body = await response.json();
  if (response.status !== 200 || body.status !== 'ok') {
    throw new Error(`GET ${url}/health answered ${response.status} ${JSON.stringify(body)}`);
  }
  console.log(`npm run day:${day}: GET ${url}/health answered 200 ${JSON.stringify(body)}`);
} catch (error) {
  failure = error;
} finally {
  await run.stop();
}
if (failure) {
  console.log(run.output());
  console.error(String(failure.message ?? failure));
  process.exit(1);
}
