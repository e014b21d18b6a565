import request from 'supertest';
import { signIn, testApp } from './helpers';

/** What a client received, in one line: a failure then reads as a table, one path a line. */
function answer(res: request.Response): string {
  if (res.status === 200) return '200: answered as if the id named a user';
  const errors: { location: string; field: string; message: string }[] = res.body.errors ?? [];
  const listed = errors.map((e) => ` | ${e.location}.${e.field}: ${e.message}`).join('');
  return `${res.status} ${res.body.detail}${listed}`;
}

const REFUSED =
  '400 The path or query parameters are not valid | params.userId: userId must be a positive whole number';

/** The answer to each path under /api/v1/users, keyed by the path, for a signed-in caller. */
async function answers(paths: readonly string[]) {
  const app = await testApp();
  const auth = await signIn(app);
  const table: Record<string, string> = {};
  for (const path of paths) {
    table[path] = answer(await request(app).get(`/api/v1/users${path}`).set('Authorization', auth));
  }
  return table;
}

const refusedAll = (paths: readonly string[]) =>
  Object.fromEntries(paths.map((path) => [path, REFUSED]));

describe('a user id in the path is validated wherever the users routes read it', () => {
  it('refuses /users/:userId with 400 when the id is not a plain positive whole number', async () => {
    // Number() reads ' 1', '1.0' and '0x1' as 1, and '1e3' as 1000: none of them is an id.
    const paths = ['/abc', '/1.0', '/%201', '/0x1', '/1e3'];
    expect(await answers(paths)).toEqual(refusedAll(paths));
  });

  it('refuses the same ids below the nested posts router, instead of listing posts', async () => {
    const paths = ['/abc/posts', '/1.0/posts', '/%202/posts', '/99999999999999999999/posts'];
    expect(await answers(paths)).toEqual(refusedAll(paths));
  });
});
