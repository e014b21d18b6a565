import type express from 'express';
import request from 'supertest';
import { ADMIN, DEMO_USERS, EDITOR, signIn, signUp, testApp, testDatabase } from './helpers';

const USER = DEMO_USERS[2].email;

/** An app whose database holds no post yet. */
async function emptyBlog(): Promise<express.Express> {
  const db = testDatabase();
  db.exec('DELETE FROM posts');
  return testApp({ db });
}

function create(app: express.Express, auth: string, body: Record<string, unknown>) {
  return request(app).post('/api/v1/posts').set('Authorization', auth).send(body);
}

describe('POST /posts', () => {
  it('creates a draft by default, with the caller as its author whatever the body says', async () => {
    const app = await emptyBlog();
    const linus = await signIn(app, USER);
    const res = await create(app, linus, { title: '  Mine  ', body: 'text', authorId: 1 });
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe(`/api/v1/posts/${res.body.id}`);
    expect(res.body).toEqual(
      expect.objectContaining({ title: 'Mine', status: 'draft', authorId: DEMO_USERS[2].id }),
    );
  });

  it('lets every role write posts', async () => {
    const app = await emptyBlog();
    const statuses = [];
    for (const email of [USER, EDITOR, ADMIN]) {
      statuses.push(
        (await create(app, await signIn(app, email), { title: 't', body: 'b' })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201]);
  });

  it('requires a caller (401, before the body is read) and a valid body (422)', async () => {
    const app = await emptyBlog();
    const anonymous = await request(app).post('/api/v1/posts').send({ title: '' });
    const invalid = await create(app, await signIn(app, USER), {
      title: '',
      body: 'y',
      status: 'archived',
    });
    expect({
      anonymous: [anonymous.status, anonymous.headers['www-authenticate'], anonymous.body.errors],
      invalid: [invalid.status, invalid.body.errors.map((e: { field: string }) => e.field).sort()],
    }).toEqual({
      anonymous: [401, 'Bearer', undefined],
      invalid: [422, ['status', 'title']],
    });
  });
});

describe('reading posts', () => {
  it('shows published posts to everyone, newest first, a page at a time', async () => {
    const app = await emptyBlog();
    const linus = await signIn(app, USER);
    const titles = ['First', 'Second', 'Third'];
    for (const title of titles) {
      await create(app, linus, { title, body: 'b', status: 'published' }).expect(201);
    }
    const page = await request(app).get('/api/v1/posts?limit=2').expect(200);
    expect({
      titles: page.body.data.map((p: { title: string }) => p.title),
      page: page.body.page,
    }).toEqual({
      titles: ['Third', 'Second'],
      page: { page: 1, limit: 2, total: 3, totalPages: 2 },
    });
    const id = page.body.data[0].id;
    await request(app).get(`/api/v1/posts/${id}`).expect(200);
  });

  it('shows the author their own draft', async () => {
    const app = await emptyBlog();
    const linus = await signIn(app, USER);
    const draft = (await create(app, linus, { title: 'Draft', body: 'wip' })).body.id;
    const res = await request(app).get(`/api/v1/posts/${draft}`).set('Authorization', linus);
    expect([res.status, res.body.status]).toEqual([200, 'draft']);
  });

  it('answers 401 for an invalid token instead of silently treating the caller as anonymous', async () => {
    const app = await testApp();
    const bad = (path: string) => request(app).get(path).set('Authorization', 'Bearer not.a.token');
    expect([
      (await bad('/api/v1/posts')).status,
      (await bad('/api/v1/posts/1')).status,
      (await bad('/api/v1/users/1/posts')).status,
    ]).toEqual([401, 401, 401]);
  });

  it('validates the page and the id before reading anything', async () => {
    const app = await testApp();
    expect([
      (await request(app).get('/api/v1/posts?limit=500')).status,
      (await request(app).get('/api/v1/posts/0')).status,
    ]).toEqual([400, 400]);
  });
});

describe('changing and deleting posts', () => {
  it('lets the author change only the fields sent, and publish', async () => {
    const app = await emptyBlog();
    const linus = await signIn(app, USER);
    const id = (await create(app, linus, { title: 'Draft', body: 'wip' })).body.id;
    const renamed = await request(app)
      .patch(`/api/v1/posts/${id}`)
      .set('Authorization', linus)
      .send({ title: 'Draft v2' });
    const published = await request(app)
      .patch(`/api/v1/posts/${id}`)
      .set('Authorization', linus)
      .send({ status: 'published' });
    expect([renamed.body, published.body.status]).toEqual([
      expect.objectContaining({ title: 'Draft v2', body: 'wip', status: 'draft' }),
      'published',
    ]);
  });

  it('answers 403 to someone else changing or deleting a published post, and keeps it', async () => {
    const app = await emptyBlog();
    const linus = await signIn(app, USER);
    const margaret = await signUp(app, 'Margaret');
    const id = (await create(app, linus, { title: 'Mine', body: 'b', status: 'published' })).body
      .id;
    const patch = await request(app)
      .patch(`/api/v1/posts/${id}`)
      .set('Authorization', margaret.authorization)
      .send({ title: 'Hijacked' });
    const remove = await request(app)
      .delete(`/api/v1/posts/${id}`)
      .set('Authorization', margaret.authorization);
    const after = await request(app).get(`/api/v1/posts/${id}`);
    expect([patch.status, patch.type, remove.status, after.body.title]).toEqual([
      403,
      'application/problem+json',
      403,
      'Mine',
    ]);
  });

  it('lets an admin change and delete any post', async () => {
    const app = await emptyBlog();
    const linus = await signIn(app, USER);
    const ada = await signIn(app, ADMIN);
    const id = (await create(app, linus, { title: 'Draft', body: 'b' })).body.id;
    await request(app)
      .patch(`/api/v1/posts/${id}`)
      .set('Authorization', ada)
      .send({ status: 'published' })
      .expect(200);
    await request(app).delete(`/api/v1/posts/${id}`).set('Authorization', ada).expect(204);
    await request(app).get(`/api/v1/posts/${id}`).expect(404);
  });

  it('refuses a malformed id (400) and a stranger (401) before looking anything up', async () => {
    const app = await testApp();
    const linus = await signIn(app, USER);
    expect([
      (await request(app).delete('/api/v1/posts/0').set('Authorization', linus)).status,
      (await request(app).patch('/api/v1/posts/1').send({ title: '' })).status,
      (await request(app).delete('/api/v1/posts/1')).status,
    ]).toEqual([400, 401, 401]);
  });
});

describe('posts belong to their author', () => {
  it('go when their author is deleted (ON DELETE CASCADE)', async () => {
    const app = await emptyBlog();
    const margaret = await signUp(app, 'Margaret');
    const id = (
      await create(app, margaret.authorization, { title: 'Bye', body: 'b', status: 'published' })
    ).body.id;
    await request(app).get(`/api/v1/posts/${id}`).expect(200);
    await request(app)
      .delete(`/api/v1/users/${margaret.id}`)
      .set('Authorization', await signIn(app, ADMIN))
      .expect(204);
    await request(app).get(`/api/v1/posts/${id}`).expect(404);
  });
});
