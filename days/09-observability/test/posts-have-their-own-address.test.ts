import type express from 'express';
import request from 'supertest';
import { DEMO_POSTS, testApp, testDatabase } from './helpers';

/** The answer to a GET, with a one-line summary so that a failure shows what came back. */
async function get(app: express.Express, path: string) {
  const res = await request(app).get(path);
  const body: unknown = res.body;
  let what = JSON.stringify(body);
  if (typeof body === 'object' && body !== null) {
    if ('id' in body && 'title' in body) what = `post ${String(body.id)}: ${String(body.title)}`;
    else if ('detail' in body) what = `problem: ${String(body.detail)}`;
  }
  return { summary: `GET ${path} -> ${res.status} ${what}`, status: res.status, body };
}

/** A demo post as the API shows it (test/helpers.ts stores them published). */
const demoPost = (id: number) => {
  const found = DEMO_POSTS.find((p) => p.id === id);
  if (found === undefined) throw new Error(`the demo data has no post ${id}`);
  const at = '2026-01-12T10:00:00.000Z';
  return { ...found, status: 'published', createdAt: at, updatedAt: at };
};

describe('every post has its own address, /api/v1/posts/:id', () => {
  it('serves each post at /api/v1/posts/:id, whoever wrote it', async () => {
    const app = await testApp();
    const answers = [await get(app, '/api/v1/posts/1'), await get(app, '/api/v1/posts/3')];
    expect(answers.map((a) => a.summary)).toEqual([
      'GET /api/v1/posts/1 -> 200 post 1: Notes on the Analytical Engine',
      'GET /api/v1/posts/3 -> 200 post 3: The first bug',
    ]);
    // The whole post, as the database holds it.
    expect(answers.map((a) => a.body)).toEqual([demoPost(1), demoPost(3)]);
  });

  it('reads the posts from the database the application was given', async () => {
    const db = testDatabase();
    db.prepare(`
      INSERT INTO posts (id, title, body, status, author_id, created_at, updated_at)
      VALUES (42, 'A post nobody seeded', 'Only this test knows it.', 'published', 3, ?, ?)`).run(
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T12:00:00.000Z',
    );
    const answers = [
      await get(await testApp({ db }), '/api/v1/posts/42'),
      await get(await testApp(), '/api/v1/posts/42'),
    ];
    expect(answers.map((a) => a.summary)).toEqual([
      'GET /api/v1/posts/42 -> 200 post 42: A post nobody seeded',
      'GET /api/v1/posts/42 -> 404 problem: Post 42 does not exist',
    ]);
  });

  it('answers 404 naming the id for a post that does not exist, and 400 for an id that is not one', async () => {
    const app = await testApp();
    const answers = [await get(app, '/api/v1/posts/99'), await get(app, '/api/v1/posts/first')];
    expect(answers.map((a) => a.summary)).toEqual([
      'GET /api/v1/posts/99 -> 404 problem: Post 99 does not exist',
      'GET /api/v1/posts/first -> 400 problem: The path or query parameters are not valid',
    ]);
  });

  it('answers a method the address does not have with 405 and the ones it has', async () => {
    const app = await testApp();
    const asked = async (method: 'put' | 'options', path: string) => {
      const res = await request(app)[method](path);
      return { status: res.status, allow: res.headers['allow'] };
    };
    expect({
      put: await asked('put', '/api/v1/posts/3'),
      options: await asked('options', '/api/v1/posts/3'),
    }).toEqual({
      put: { status: 405, allow: 'GET, PATCH, DELETE, HEAD' },
      options: { status: 204, allow: 'GET, PATCH, DELETE, HEAD, OPTIONS' },
    });
  });
});
