import request from 'supertest';
import {
  PASSWORD,
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

describe('GET and PATCH /users/me', () => {
  it('returns the caller without any hash', async () => {
    const user = await signIn(t);
    const res = await request(t.app)
      .get('/api/v1/users/me')
      .set('Authorization', bearer(user))
      .expect(200);
    expect(res.body).toEqual(
      expect.objectContaining({ id: user.id, email: user.email, role: 'user' }),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/hash|\$2[aby]\$/i);
  });

  it('changes the name', async () => {
    const user = await signIn(t);
    const res = await request(t.app)
      .patch('/api/v1/users/me')
      .set('Authorization', bearer(user))
      .send({ name: '  Renamed  ' })
      .expect(200);
    expect(res.body.name).toBe('Renamed');
  });

  it('ignores an attempt to change the own role', async () => {
    const user = await signIn(t);
    const res = await request(t.app)
      .patch('/api/v1/users/me')
      .set('Authorization', bearer(user))
      .send({ name: 'Still user', role: 'admin' })
      .expect(200);
    expect(res.body.role).toBe('user');
  });

  it('requires currentPassword to change the password (422)', async () => {
    const user = await signIn(t);
    const res = await request(t.app)
      .patch('/api/v1/users/me')
      .set('Authorization', bearer(user))
      .send({ password: 'a brand new password' });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
  });

  it('refuses a wrong currentPassword with 403', async () => {
    const user = await signIn(t);
    const res = await request(t.app)
      .patch('/api/v1/users/me')
      .set('Authorization', bearer(user))
      .send({ password: 'a brand new password', currentPassword: 'not my password' });
    expectProblem(res, 403);
  });

  it('changes the password and revokes every refresh token of the user', async () => {
    const user = await signIn(t);
    await request(t.app)
      .patch('/api/v1/users/me')
      .set('Authorization', bearer(user))
      .send({ password: 'a brand new password', currentPassword: PASSWORD })
      .expect(200);
    await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(401);
    await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(401);
    await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'a brand new password' })
      .expect(200);
  });

  it('answers 422 for an empty patch', async () => {
    const user = await signIn(t);
    const res = await request(t.app)
      .patch('/api/v1/users/me')
      .set('Authorization', bearer(user))
      .send({});
    expectProblem(res, 422);
  });
});

describe('GET /users (admin)', () => {
  it('lists users with pagination for admins', async () => {
    const admin = await signIn(t, 'admin');
    const res = await request(t.app)
      .get('/api/v1/users?limit=2&page=1')
      .set('Authorization', bearer(admin))
      .expect(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.page).toEqual({
      page: 1,
      limit: 2,
      total: expect.any(Number),
      totalPages: Math.ceil(res.body.page.total / 2),
    });
  });

  it('answers 403 to non-admins', async () => {
    const editor = await signIn(t, 'editor');
    expectProblem(
      await request(t.app).get('/api/v1/users').set('Authorization', bearer(editor)),
      403,
    );
  });

  it('answers 401 before validating anything for anonymous callers', async () => {
    expectProblem(await request(t.app).get('/api/v1/users?limit=999'), 401);
  });

  it('answers 400 for limit out of bounds or a page below 1', async () => {
    const admin = await signIn(t, 'admin');
    for (const query of ['limit=0', 'limit=101', 'page=0', 'page=-1', 'limit=1&limit=2']) {
      const res = await request(t.app)
        .get(`/api/v1/users?${query}`)
        .set('Authorization', bearer(admin));
      expectProblem(res, 400);
    }
  });
});

describe('GET /users/:userId', () => {
  it('lets a user read themselves', async () => {
    const user = await signIn(t);
    await request(t.app)
      .get(`/api/v1/users/${user.id}`)
      .set('Authorization', bearer(user))
      .expect(200);
  });

  it('answers 403 when a user reads someone else', async () => {
    const user = await signIn(t);
    const other = await signIn(t);
    expectProblem(
      await request(t.app).get(`/api/v1/users/${other.id}`).set('Authorization', bearer(user)),
      403,
    );
  });

  it('lets an admin read anyone and answers 404 for unknown ids', async () => {
    const admin = await signIn(t, 'admin');
    const user = await signIn(t);
    await request(t.app)
      .get(`/api/v1/users/${user.id}`)
      .set('Authorization', bearer(admin))
      .expect(200);
    expectProblem(
      await request(t.app).get('/api/v1/users/999999').set('Authorization', bearer(admin)),
      404,
    );
  });
});

describe('PATCH /users/:userId/role', () => {
  it('lets an admin change a role', async () => {
    const admin = await signIn(t, 'admin');
    const user = await signIn(t);
    const res = await request(t.app)
      .patch(`/api/v1/users/${user.id}/role`)
      .set('Authorization', bearer(admin))
      .send({ role: 'editor' })
      .expect(200);
    expect(res.body.role).toBe('editor');
  });

  it('answers 422 for an unknown role', async () => {
    const admin = await signIn(t, 'admin');
    const res = await request(t.app)
      .patch(`/api/v1/users/${admin.id}/role`)
      .set('Authorization', bearer(admin))
      .send({ role: 'superuser' });
    expectProblem(res, 422);
  });

  it('answers 403 to non-admins before validating the body', async () => {
    const editor = await signIn(t, 'editor');
    const res = await request(t.app)
      .patch(`/api/v1/users/${editor.id}/role`)
      .set('Authorization', bearer(editor))
      .send({ role: 'nonsense' });
    expectProblem(res, 403);
  });

  it('applies a demotion immediately, even to tokens issued before it', async () => {
    const admin = await signIn(t, 'admin');
    const editor = await signIn(t, 'editor');
    const product = { name: 'Before demotion', priceCents: 100 };
    await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send(product)
      .expect(201);
    await request(t.app)
      .patch(`/api/v1/users/${editor.id}/role`)
      .set('Authorization', bearer(admin))
      .send({ role: 'user' })
      .expect(200);
    const res = await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send({ ...product, name: 'After demotion' });
    expectProblem(res, 403);
  });
});

describe('last admin protection', () => {
  it('refuses to demote or delete the last admin with 409', async () => {
    const isolated = await createTestApp();
    const admin = await signIn(isolated, 'admin');
    const demote = await request(isolated.app)
      .patch(`/api/v1/users/${admin.id}/role`)
      .set('Authorization', bearer(admin))
      .send({ role: 'user' });
    expectProblem(demote, 409);
    const remove = await request(isolated.app)
      .delete(`/api/v1/users/${admin.id}`)
      .set('Authorization', bearer(admin));
    expectProblem(remove, 409);

    // With a second admin, the first may step down.
    const second = await signIn(isolated, 'admin');
    await request(isolated.app)
      .patch(`/api/v1/users/${admin.id}/role`)
      .set('Authorization', bearer(second))
      .send({ role: 'user' })
      .expect(200);
    await isolated.close();
  });
});

describe('DELETE /users/:userId', () => {
  it('lets an admin delete a user, whose tokens then stop working', async () => {
    const admin = await signIn(t, 'admin');
    const user = await signIn(t);
    await request(t.app)
      .delete(`/api/v1/users/${user.id}`)
      .set('Authorization', bearer(admin))
      .expect(204);
    expectProblem(
      await request(t.app).get('/api/v1/users/me').set('Authorization', bearer(user)),
      401,
    );
    await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(401);
  });

  it('answers 404 for an unknown user and 403 for non-admins', async () => {
    const admin = await signIn(t, 'admin');
    const user = await signIn(t);
    expectProblem(
      await request(t.app).delete('/api/v1/users/999999').set('Authorization', bearer(admin)),
      404,
    );
    expectProblem(
      await request(t.app).delete(`/api/v1/users/${admin.id}`).set('Authorization', bearer(user)),
      403,
    );
  });
});
