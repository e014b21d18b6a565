import request from 'supertest';
import { ADMIN, DEMO_USERS, EDITOR, signIn, signUp, testApp } from './helpers';

const USER = DEMO_USERS[2].email;

describe('GET /users (admins)', () => {
  it('lists the accounts a page at a time, without any password hash', async () => {
    const app = await testApp();
    const res = await request(app)
      .get('/api/v1/users?limit=2')
      .set('Authorization', await signIn(app, ADMIN))
      .expect(200);
    expect({ ids: res.body.data.map((u: { id: number }) => u.id), page: res.body.page }).toEqual({
      ids: [1, 2],
      page: { page: 1, limit: 2, total: 3, totalPages: 2 },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hash|\$2[aby]\$/i);
  });

  it('answers 401 to a stranger before it validates anything, and 400 to a bad page', async () => {
    const app = await testApp();
    const ada = await signIn(app, ADMIN);
    expect([
      (await request(app).get('/api/v1/users?limit=999')).status,
      (await request(app).get('/api/v1/users?limit=999').set('Authorization', ada)).status,
      (await request(app).get('/api/v1/users?page=0').set('Authorization', ada)).status,
    ]).toEqual([401, 400, 400]);
  });
});

describe('GET /users/:userId (yourself, or anyone with users:read)', () => {
  it('lets everyone read their own account', async () => {
    const app = await testApp();
    const res = await request(app)
      .get(`/api/v1/users/${DEMO_USERS[2].id}`)
      .set('Authorization', await signIn(app, USER));
    expect([res.status, res.body.email]).toEqual([200, USER]);
  });

  it('answers 403 to anyone else, for every id, before looking it up', async () => {
    const app = await testApp();
    const linus = await signIn(app, USER);
    const grace = await signIn(app, EDITOR);
    const status = async (auth: string, id: number) =>
      (await request(app).get(`/api/v1/users/${id}`).set('Authorization', auth)).status;
    expect({
      'Linus reads Ada': await status(linus, 1),
      'Grace (an editor) reads Linus': await status(grace, 3),
      // The same answer for an id nobody has: the ids in use stay unknown.
      'Linus reads user 999999': await status(linus, 999_999),
    }).toEqual({
      'Linus reads Ada': 403,
      'Grace (an editor) reads Linus': 403,
      'Linus reads user 999999': 403,
    });
  });

  it('lets an admin read anyone, and answers 404 for an unknown id', async () => {
    const app = await testApp();
    const ada = await signIn(app, ADMIN);
    const status = async (id: number) =>
      (await request(app).get(`/api/v1/users/${id}`).set('Authorization', ada)).status;
    expect([await status(3), await status(999_999)]).toEqual([200, 404]);
  });
});

describe('PATCH /users/:userId/role', () => {
  it('lets an admin change a role, and answers 422 for a role the table does not know', async () => {
    const app = await testApp();
    const ada = await signIn(app, ADMIN);
    const margaret = await signUp(app, 'Margaret');
    const set = (role: unknown) =>
      request(app)
        .patch(`/api/v1/users/${margaret.id}/role`)
        .set('Authorization', ada)
        .send({ role });
    const promoted = await set('editor');
    const unknown = await set('superuser');
    const list = await set(['admin']);
    expect({
      promoted: [promoted.status, promoted.body.role],
      unknown: [unknown.status, unknown.body.errors],
      list: list.status,
    }).toEqual({
      promoted: [200, 'editor'],
      unknown: [
        422,
        [{ location: 'body', field: 'role', message: 'role must be one of admin, editor, user' }],
      ],
      list: 422,
    });
  });

  it('answers 404 for an account that does not exist, and 401 to a stranger', async () => {
    const app = await testApp();
    const ada = await signIn(app, ADMIN);
    expect([
      (
        await request(app)
          .patch('/api/v1/users/999999/role')
          .set('Authorization', ada)
          .send({ role: 'user' })
      ).status,
      (await request(app).patch('/api/v1/users/3/role').send({ role: 'admin' })).status,
    ]).toEqual([404, 401]);
  });

  it('never lets an account choose its own role through its profile', async () => {
    const app = await testApp();
    const linus = await signIn(app, USER);
    const res = await request(app)
      .patch('/api/v1/users/me')
      .set('Authorization', linus)
      .send({ name: 'Linus', role: 'admin' });
    expect([res.status, res.body.role]).toEqual([200, 'user']);
  });
});

describe('DELETE /users/:userId', () => {
  it('deletes an account, whose tokens then stop working', async () => {
    const app = await testApp();
    const margaret = await signUp(app, 'Margaret');
    await request(app)
      .delete(`/api/v1/users/${margaret.id}`)
      .set('Authorization', await signIn(app, ADMIN))
      .expect(204);
    const me = await request(app)
      .get('/api/v1/users/me')
      .set('Authorization', margaret.authorization);
    expect([me.status, me.headers['www-authenticate']]).toEqual([
      401,
      'Bearer error="invalid_token"',
    ]);
  });

  it('answers 404 for an account that does not exist', async () => {
    const app = await testApp();
    const res = await request(app)
      .delete('/api/v1/users/999999')
      .set('Authorization', await signIn(app, ADMIN));
    expect(res.status).toBe(404);
  });
});
