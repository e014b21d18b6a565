import request from 'supertest';
import {
  type Session,
  bearer,
  createTestApp,
  type TestApp,
  expectProblem,
  signIn,
} from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let admin: Session;
let alice: Session;
let bob: Session;
let aliceDraft: number;
let alicePublished: number;
let bobDraft: number;

const create = async (session: Session, body: Record<string, unknown>) =>
  request(t.app).post('/api/v1/posts').set('Authorization', bearer(session)).send(body);

beforeAll(async () => {
  admin = await signIn(t, 'admin');
  alice = await signIn(t, 'user', 'alice');
  bob = await signIn(t, 'user', 'bob');
  aliceDraft = (await create(alice, { title: 'Alice draft', body: 'wip' })).body.id;
  alicePublished = (
    await create(alice, { title: 'Alice post', body: 'hello', status: 'published' })
  ).body.id;
  bobDraft = (await create(bob, { title: 'Bob draft', body: 'secret' })).body.id;
});

const ids = (res: request.Response) => (res.body.data as { id: number }[]).map((p) => p.id).sort();

describe('POST /posts', () => {
  it('creates a draft by default with the caller as author, ignoring authorId in the body', async () => {
    const res = await create(alice, { title: 'Mine', body: 'text', authorId: bob.id });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/posts/${res.body.id}`);
    expect(res.body).toEqual(expect.objectContaining({ status: 'draft', authorId: alice.id }));
    await request(t.app)
      .delete(`/api/v1/posts/${res.body.id}`)
      .set('Authorization', bearer(alice))
      .expect(204);
  });

  it('requires authentication (401) and a valid body (422)', async () => {
    expectProblem(await request(t.app).post('/api/v1/posts').send({ title: 'x', body: 'y' }), 401);
    const res = await create(alice, { title: '', body: 'y', status: 'archived' });
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'status',
      'title',
    ]);
  });
});

describe('GET /posts', () => {
  it('shows anonymous callers only published posts', async () => {
    const res = await request(t.app).get('/api/v1/posts').expect(200);
    expect(ids(res)).toEqual([alicePublished]);
    expect(res.body.page).toEqual({ page: 1, limit: 20, total: 1, totalPages: 1 });
  });

  it('adds the caller’s own drafts, never other people’s', async () => {
    const res = await request(t.app)
      .get('/api/v1/posts')
      .set('Authorization', bearer(alice))
      .expect(200);
    expect(ids(res)).toEqual([aliceDraft, alicePublished].sort());
    const bobs = await request(t.app)
      .get('/api/v1/posts')
      .set('Authorization', bearer(bob))
      .expect(200);
    expect(ids(bobs)).toEqual([alicePublished, bobDraft].sort());
  });

  it('answers 401 for an invalid token instead of silently treating the caller as anonymous', async () => {
    expectProblem(
      await request(t.app).get('/api/v1/posts').set('Authorization', 'Bearer nonsense'),
      401,
    );
  });

  it('validates pagination bounds', async () => {
    expectProblem(await request(t.app).get('/api/v1/posts?limit=500'), 400);
  });
});

describe('GET /posts/:id', () => {
  it('shows a draft to its author and to admins', async () => {
    await request(t.app)
      .get(`/api/v1/posts/${aliceDraft}`)
      .set('Authorization', bearer(alice))
      .expect(200);
    await request(t.app)
      .get(`/api/v1/posts/${aliceDraft}`)
      .set('Authorization', bearer(admin))
      .expect(200);
  });

  it('answers 404 for someone else’s draft, anonymous or not', async () => {
    expectProblem(await request(t.app).get(`/api/v1/posts/${aliceDraft}`), 404);
    expectProblem(
      await request(t.app).get(`/api/v1/posts/${aliceDraft}`).set('Authorization', bearer(bob)),
      404,
    );
  });

  it('shows published posts to everyone', async () => {
    await request(t.app).get(`/api/v1/posts/${alicePublished}`).expect(200);
  });
});

describe('PATCH and DELETE /posts/:id', () => {
  it('lets the author edit and publish their post', async () => {
    const res = await request(t.app)
      .patch(`/api/v1/posts/${aliceDraft}`)
      .set('Authorization', bearer(alice))
      .send({ title: 'Alice draft v2' })
      .expect(200);
    expect(res.body).toEqual(
      expect.objectContaining({ title: 'Alice draft v2', body: 'wip', status: 'draft' }),
    );
  });

  it('answers 403 when a user edits or deletes someone else’s published post', async () => {
    expectProblem(
      await request(t.app)
        .patch(`/api/v1/posts/${alicePublished}`)
        .set('Authorization', bearer(bob))
        .send({ title: 'Hijacked' }),
      403,
    );
    expectProblem(
      await request(t.app)
        .delete(`/api/v1/posts/${alicePublished}`)
        .set('Authorization', bearer(bob)),
      403,
    );
  });

  it('answers 404 when a user edits someone else’s draft (it stays invisible)', async () => {
    expectProblem(
      await request(t.app)
        .patch(`/api/v1/posts/${aliceDraft}`)
        .set('Authorization', bearer(bob))
        .send({ title: 'x' }),
      404,
    );
  });

  it('lets an admin edit and delete any post', async () => {
    await request(t.app)
      .patch(`/api/v1/posts/${bobDraft}`)
      .set('Authorization', bearer(admin))
      .send({ status: 'published' })
      .expect(200);
    await request(t.app)
      .delete(`/api/v1/posts/${bobDraft}`)
      .set('Authorization', bearer(admin))
      .expect(204);
    expectProblem(await request(t.app).get(`/api/v1/posts/${bobDraft}`), 404);
  });

  it('answers 400 for a bad id before looking anything up', async () => {
    expectProblem(
      await request(t.app).delete('/api/v1/posts/0').set('Authorization', bearer(alice)),
      400,
    );
  });
});

describe('GET /users/:userId/posts (the posts router nested below the users router)', () => {
  const byAuthor = (userId: number | string) => `/api/v1/users/${userId}/posts`;

  it("lists an author's published posts to everyone, newest first, with the page", async () => {
    const res = await request(t.app).get(byAuthor(alice.id)).expect(200);
    expect(ids(res)).toEqual([alicePublished]);
    expect(res.body.page).toEqual({ page: 1, limit: 20, total: 1, totalPages: 1 });
    expect(ids(await request(t.app).get(byAuthor(bob.id)).expect(200))).toEqual([]);
  });

  it('adds the drafts for the author and for admins, never for someone else', async () => {
    const own = await request(t.app).get(byAuthor(alice.id)).set('Authorization', bearer(alice));
    expect(ids(own)).toEqual([aliceDraft, alicePublished].sort());
    const carol = await signIn(t, 'user', 'carol');
    const carolDraft = (await create(carol, { title: 'Carol draft', body: 'wip' })).body.id;
    const asAdmin = await request(t.app)
      .get(byAuthor(carol.id))
      .set('Authorization', bearer(admin));
    expect(ids(asAdmin)).toEqual([carolDraft]);
    const asBob = await request(t.app).get(byAuthor(alice.id)).set('Authorization', bearer(bob));
    expect(ids(asBob)).toEqual([alicePublished]);
  });

  it('answers 404 for an unknown author only to whoever may see users; to others it is an empty page', async () => {
    const unknown = await request(t.app).get(byAuthor(99999)).set('Authorization', bearer(admin));
    expectProblem(unknown, 404);
    expect(unknown.body.detail).toBe('User 99999 does not exist');
    const anonymous = await request(t.app).get(byAuthor(99999)).expect(200);
    expect(anonymous.body).toEqual({
      data: [],
      page: { page: 1, limit: 20, total: 0, totalPages: 0 },
    });
  });

  it('refuses a malformed user id with 400 before looking anything up', async () => {
    for (const id of ['abc', '1.0', '%201', '0x1', '99999999999999999999']) {
      const res = await request(t.app).get(byAuthor(id));
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([
        {
          location: 'params',
          field: 'userId',
          message: 'userId must be a positive whole number',
        },
      ]);
    }
  });

  it('answers 405 with Allow for another method', async () => {
    const res = await request(t.app).post(byAuthor(alice.id)).send({});
    expectProblem(res, 405);
    expect(res.headers['allow']).toBe('GET, HEAD');
  });

  it('counts its requests under the route template, whatever id the path holds', async () => {
    await request(t.app).get(byAuthor(alice.id)).expect(200);
    await request(t.app).get(byAuthor('%201')).expect(400);
    const text = await t.deps.metrics.registry.metrics();
    expect(text).toContain('route="/api/v1/users/:userId/posts",status="200"');
    expect(text).toContain('route="/api/v1/users/:userId/posts",status="400"');
    expect(text).not.toMatch(/route="\/api\/v1\/users\/(\d|%)/);
  });
});
