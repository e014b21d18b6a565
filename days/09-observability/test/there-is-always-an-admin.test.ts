import assert from 'node:assert/strict';
import type express from 'express';
import request from 'supertest';
import { describeInterleaving, inEveryInterleaving } from './another-process';
import { ADMIN, DEMO_USERS, EDITOR, signIn, testApp } from './helpers';

const ADA = DEMO_USERS[0].id;
const GRACE = DEMO_USERS[1].id;

function setRole(app: express.Express, auth: string, id: number, role: string) {
  return request(app).patch(`/api/v1/users/${id}/role`).set('Authorization', auth).send({ role });
}

function remove(app: express.Express, auth: string, id: number) {
  return request(app).delete(`/api/v1/users/${id}`).set('Authorization', auth);
}

/** The status, and the media type when it is an error: "409 application/problem+json". */
function answer(res: request.Response): string {
  return res.status >= 400 ? `${res.status} ${res.type}` : String(res.status);
}

async function roleOf(app: express.Express, auth: string, id: number): Promise<string> {
  const res = await request(app).get(`/api/v1/users/${id}`).set('Authorization', auth);
  return res.status === 200 ? res.body.role : `(GET answered ${res.status})`;
}

/** Everything a scene's committed data says about the admins. */
function adminsIn(scene: { committed<T>(sql: string): T }): number {
  return scene.committed<{ n: number }>(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin'`).n;
}

describe('the system always keeps an admin', () => {
  it('refuses with 409 problem+json to demote or delete the last admin, and changes nothing', async () => {
    // Ada is the only admin of the demo users.
    const alone = await testApp();
    const ada = await signIn(alone, ADMIN);
    const stepDown = await setRole(alone, ada, ADA, 'editor');
    const leave = await remove(alone, ada, ADA);

    // With a second admin, the first may step down; then the second is the last one.
    const pair = await testApp();
    const ada2 = await signIn(pair, ADMIN);
    const promoted = await setRole(pair, ada2, GRACE, 'admin');
    const grace = await signIn(pair, EDITOR);
    const firstStepsDown = await setRole(pair, grace, ADA, 'user');
    const lastStepsDown = await setRole(pair, grace, GRACE, 'user');
    const lastLeaves = await remove(pair, grace, GRACE);

    expect({
      '1. the only admin demotes themselves': answer(stepDown),
      '2. the only admin deletes their account': answer(leave),
      '3. ... and is still an admin': await roleOf(alone, ada, ADA),
      '4. Grace is made a second admin': answer(promoted),
      '5. with two admins, Grace demotes Ada': answer(firstStepsDown),
      '6. Grace, now the last admin, demotes herself': answer(lastStepsDown),
      '7. Grace, the last admin, deletes her account': answer(lastLeaves),
      '8. ... and is still an admin': await roleOf(pair, grace, GRACE),
    }).toEqual({
      '1. the only admin demotes themselves': '409 application/problem+json',
      '2. the only admin deletes their account': '409 application/problem+json',
      '3. ... and is still an admin': 'admin',
      '4. Grace is made a second admin': '200',
      '5. with two admins, Grace demotes Ada': '200',
      '6. Grace, now the last admin, demotes herself': '409 application/problem+json',
      '7. Grace, the last admin, deletes her account': '409 application/problem+json',
      '8. ... and is still an admin': 'admin',
    });
  });

  for (const [what, operation] of [
    ['demotes herself', (app: express.Express, auth: string) => setRole(app, auth, ADA, 'user')],
    ['deletes her account', (app: express.Express, auth: string) => remove(app, auth, ADA)],
  ] as const) {
    it(`counts the admins in the same step as the write: another process never leaves zero admins (Ada ${what})`, async () => {
      await inEveryInterleaving({
        setup: async ({ db }) => {
          db.prepare(`UPDATE users SET role = 'admin' WHERE id = ?`).run(GRACE);
          const app = await testApp({ db });
          return { app, auth: await signIn(app, ADMIN) };
        },
        operation: async (_scene, { app, auth }) => operation(app, auth),
        // Another instance of this API demotes Grace at the same moment, with the same rule in
        // one statement: only while another admin remains.
        otherProcess: (other) => {
          other
            .prepare(`UPDATE users SET role = 'user' WHERE id = ? AND
                        (SELECT COUNT(*) FROM users WHERE role = 'admin') > 1`)
            .run(GRACE);
        },
        check: (res, interleaving, scene) => {
          const admins = adminsIn(scene);
          const where = describeInterleaving(interleaving);
          assert.ok(
            admins >= 1,
            `${where}, demoting Grace while another admin remained. Ada's request answered ` +
              `${res.status}, and now the system has no admin at all: nobody can ever assign a ` +
              'role again. Count the admins in the same atomic step as the write, so that no ' +
              'other connection can change them in between.',
          );
          assert.ok(
            res.status === 200 || res.status === 204 || res.status === 409,
            `${where}; Ada's request answered ${res.status} (expected 200/204, or 409 when she ` +
              'was the last admin)',
          );
        },
      });
    });
  }
});
