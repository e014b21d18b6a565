// The one contract every repository implementation keeps, whatever the engine: the same tests
// run against SQLite (sqlite.contract.test.ts), PostgreSQL in process with PGlite
// (pglite.contract.test.ts) and a real PostgreSQL server (postgres.contract.test.ts). A
// behaviour belongs here when a service relies on it; an engine's own mechanics (pragmas,
// advisory locks) are tested beside that engine.
import type { Repositories } from '../../src/app';
import { UniqueViolationError } from '../../src/core/db/errors';
import { DUPLICATE_NAME } from '../../src/modules/products/products.repository';
import { WELCOME_MESSAGE_JOB } from '../../src/modules/users/users.repository';
import { TestClock } from '../helpers/test-clock';

/** A fresh, empty, migrated database's repositories, on `clock`. */
export interface ContractEngine {
  repositories(clock: TestClock): Promise<Repositories>;
  /** Called once after the file's tests. */
  close?(): Promise<void>;
}

const HOUR = 3_600_000;
const page = (n: number, limit: number) => ({ page: n, limit });

export function repositoryContract(engineName: string, engine: () => ContractEngine): void {
  describe(`repositories on ${engineName}`, () => {
    let clock: TestClock;
    let r: Repositories;
    let current: ContractEngine;

    beforeAll(() => {
      current = engine();
    });
    beforeEach(async () => {
      clock = new TestClock();
      r = await current.repositories(clock);
    });
    afterAll(async () => {
      await current.close?.();
    });

    const user = (email: string, role: 'admin' | 'editor' | 'user' = 'user') =>
      r.users.create(
        { email, name: email.split('@')[0] ?? email, passwordHash: 'h', role },
        {
          welcome: false,
        },
      );

    describe('products', () => {
      it('create a product and find it by id, with server-set timestamps', async () => {
        const created = await r.products.create({
          name: 'Lamp',
          description: 'Warm',
          priceCents: 1999,
        });
        expect(created).toEqual({
          id: expect.any(Number),
          name: 'Lamp',
          description: 'Warm',
          priceCents: 1999,
          createdAt: '2030-01-01T00:00:00.000Z',
          updatedAt: '2030-01-01T00:00:00.000Z',
        });
        expect(await r.products.findById(created.id)).toEqual(created);
        expect(await r.products.findById(created.id + 1000)).toBeUndefined();
      });

      it('refuse a name that differs only in case, with the rule as the message', async () => {
        await r.products.create({ name: 'Desk Lamp', description: '', priceCents: 1 });
        const duplicate = r.products.create({ name: 'DESK lamp', description: '', priceCents: 2 });
        await expect(duplicate).rejects.toBeInstanceOf(UniqueViolationError);
        await expect(duplicate).rejects.toThrow(DUPLICATE_NAME);
      });

      it('filter by text (any case, wildcards literal) and price, sort, page, and count the match', async () => {
        for (const [name, priceCents] of [
          ['banana', 300],
          ['Apple', 100],
          ['cherry 100%', 200],
          ['apricot', 400],
          ['1000 grapes', 500],
        ] as const) {
          await r.products.create({ name, description: '', priceCents });
          clock.advance(1000);
        }
        const byName = await r.products.list({ sort: 'name' }, page(1, 3));
        expect(byName.items.map((p) => p.name)).toEqual(['1000 grapes', 'Apple', 'apricot']);
        expect(byName.total).toBe(5);
        const second = await r.products.list({ sort: 'name' }, page(2, 3));
        expect(second.items.map((p) => p.name)).toEqual(['banana', 'cherry 100%']);

        const percent = await r.products.list({ q: '100%', sort: 'name' }, page(1, 10));
        expect(percent.items.map((p) => p.name)).toEqual(['cherry 100%']);
        const ap = await r.products.list({ q: 'AP', sort: '-priceCents' }, page(1, 10));
        expect(ap.items.map((p) => p.name)).toEqual(['1000 grapes', 'apricot', 'Apple']);
        const range = await r.products.list(
          { minPriceCents: 200, maxPriceCents: 400, sort: '-createdAt' },
          page(1, 2),
        );
        expect(range.items.map((p) => p.priceCents)).toEqual([400, 200]);
        expect(range.total).toBe(3);
        expect((await r.products.search('a_r')).map((p) => p.name)).toEqual([]);
        expect((await r.products.search('RAPE')).map((p) => p.name)).toEqual(['1000 grapes']);
      });

      it('update only the fields sent, and report a missing product as undefined', async () => {
        const lamp = await r.products.create({ name: 'Lamp', description: 'Warm', priceCents: 1 });
        clock.advance(5000);
        const updated = await r.products.update(lamp.id, { priceCents: 2 });
        expect(updated).toEqual({
          ...lamp,
          priceCents: 2,
          updatedAt: '2030-01-01T00:00:05.000Z',
        });
        expect(await r.products.update(lamp.id + 1000, { priceCents: 3 })).toBeUndefined();
      });

      it('give the check the stored product, and cancel the write when it throws', async () => {
        const lamp = await r.products.create({ name: 'Lamp', description: '', priceCents: 1 });
        const seen: number[] = [];
        await r.products.update(lamp.id, { priceCents: 5 }, (current) => {
          seen.push(current.priceCents);
        });
        const refused = r.products.update(lamp.id, { priceCents: 9 }, () => {
          throw new Error('precondition failed');
        });
        await expect(refused).rejects.toThrow('precondition failed');
        expect(seen).toEqual([1]);
        expect((await r.products.findById(lamp.id))?.priceCents).toBe(5);
      });

      it('refuse a rename to a taken name', async () => {
        await r.products.create({ name: 'Lamp', description: '', priceCents: 1 });
        const desk = await r.products.create({ name: 'Desk', description: '', priceCents: 1 });
        await expect(r.products.update(desk.id, { name: 'lamp' })).rejects.toThrow(DUPLICATE_NAME);
      });

      it('delete once, and grow the version with every committed write only', async () => {
        const v0 = await r.products.version();
        const lamp = await r.products.create({ name: 'Lamp', description: '', priceCents: 1 });
        const v1 = await r.products.version();
        await r.products.list({ sort: 'name' }, page(1, 10));
        expect(await r.products.version()).toBe(v1);
        await r.products.update(lamp.id, { priceCents: 2 });
        const v2 = await r.products.version();
        expect(await r.products.delete(lamp.id)).toBe(true);
        expect(await r.products.delete(lamp.id)).toBe(false);
        const v3 = await r.products.version();
        expect(v0).toBeLessThan(v1);
        expect(v1).toBeLessThan(v2);
        expect(v2).toBeLessThan(v3);
      });
    });

    describe('users', () => {
      it('queue the welcome message in the same transaction as the user', async () => {
        const created = await r.users.create(
          { email: 'ada@example.com', name: 'Ada', passwordHash: 'h', role: 'user' },
          { welcome: true },
        );
        const job = await r.jobs.claimNext();
        expect(job).toEqual(
          expect.objectContaining({ type: WELCOME_MESSAGE_JOB, payload: { userId: created.id } }),
        );
        // A refused duplicate leaves no job behind: the insert and the job commit together.
        await expect(
          r.users.create(
            { email: 'ADA@example.com', name: 'Ada', passwordHash: 'h', role: 'user' },
            { welcome: true },
          ),
        ).rejects.toThrow('An account with this email already exists');
        expect(await r.jobs.claimNext()).toBeUndefined();
      });

      it('find by email in any case, find the caller, page the list with its total', async () => {
        const ada = await user('ada@example.com', 'admin');
        await user('bob@example.com');
        await user('cy@example.com');
        expect((await r.users.findByEmail('ADA@Example.com'))?.id).toBe(ada.id);
        expect(await r.users.findCaller(ada.id)).toEqual({ id: ada.id, role: 'admin' });
        expect(await r.users.findCaller(ada.id + 1000)).toBeUndefined();
        const list = await r.users.list(page(2, 2));
        expect(list.items.map((u) => u.email)).toEqual(['cy@example.com']);
        expect(list.total).toBe(3);
        expect(await r.users.countAdmins()).toBe(1);
      });

      it('revoke every refresh token of the user when the password changes', async () => {
        const ada = await user('ada@example.com');
        await r.refreshTokens.create({
          userId: ada.id,
          familyId: 'f1',
          tokenHash: 't1',
          expiresAt: new Date(clock.now() + HOUR),
        });
        const renamed = await r.users.update(ada.id, { name: 'Ada L.' });
        expect(renamed?.name).toBe('Ada L.');
        expect(await r.refreshTokens.rotate('t1', next('t2'))).toEqual({
          kind: 'rotated',
          userId: ada.id,
        });
        await r.users.update(ada.id, { passwordHash: 'h2' });
        expect(await r.refreshTokens.rotate('t2', next('t3'))).toEqual({ kind: 'invalid' });
        expect(await r.users.update(ada.id + 1000, { name: 'x' })).toBeUndefined();
      });

      it('refuse to demote or delete the last admin, and delete anyone else with their posts', async () => {
        const ada = await user('ada@example.com', 'admin');
        const bob = await user('bob@example.com');
        await r.posts.create(bob.id, { title: 't', body: 'b', status: 'published' });
        expect(await r.users.changeRole(ada.id, 'user')).toEqual({
          ok: false,
          reason: 'last-admin',
        });
        expect(await r.users.delete(ada.id)).toEqual({ ok: false, reason: 'last-admin' });
        expect(await r.users.changeRole(ada.id + 1000, 'user')).toEqual({
          ok: false,
          reason: 'not-found',
        });
        const promoted = await r.users.changeRole(bob.id, 'admin');
        expect(promoted).toEqual({ ok: true, value: expect.objectContaining({ role: 'admin' }) });
        expect(await r.users.changeRole(ada.id, 'editor')).toEqual({
          ok: true,
          value: expect.objectContaining({ role: 'editor' }),
        });
        expect(await r.users.delete(ada.id)).toEqual({ ok: true, value: undefined });
        expect(await r.users.delete(ada.id)).toEqual({ ok: false, reason: 'not-found' });
        expect((await r.posts.listByAuthor(bob.id, true, page(1, 10))).total).toBe(1);
        await r.users.changeRole(ada.id, 'user');
        const cy = await user('cy@example.com', 'admin');
        expect(await r.users.delete(bob.id)).toEqual({ ok: true, value: undefined });
        expect((await r.posts.listVisible(undefined, page(1, 10))).total).toBe(0);
        expect(await r.users.countAdmins()).toBe(1);
        expect((await r.users.findById(cy.id))?.role).toBe('admin');
      });

      it('let exactly one of two admins demoting each other at once succeed', async () => {
        const ada = await user('ada@example.com', 'admin');
        const bob = await user('bob@example.com', 'admin');
        const outcomes = await Promise.all([
          r.users.changeRole(ada.id, 'user'),
          r.users.changeRole(bob.id, 'user'),
        ]);
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
        expect(outcomes.filter((o) => !o.ok)).toEqual([{ ok: false, reason: 'last-admin' }]);
        expect(await r.users.countAdmins()).toBe(1);
      });
    });

    describe('refresh tokens', () => {
      it('rotate once; a replay revokes the whole family, the successor included', async () => {
        const ada = await user('ada@example.com');
        await r.refreshTokens.create({
          userId: ada.id,
          familyId: 'f',
          tokenHash: 'a',
          expiresAt: later(),
        });
        expect(await r.refreshTokens.rotate('a', next('b'))).toEqual({
          kind: 'rotated',
          userId: ada.id,
        });
        expect(await r.refreshTokens.rotate('a', next('c'))).toEqual({
          kind: 'reused',
          userId: ada.id,
          familyId: 'f',
        });
        expect(await r.refreshTokens.rotate('b', next('d'))).toEqual({ kind: 'invalid' });
        expect(await r.refreshTokens.rotate('unknown', next('e'))).toEqual({ kind: 'invalid' });
      });

      it('let one of two simultaneous rotations of a token win, and treat the other as a replay', async () => {
        const ada = await user('ada@example.com');
        await r.refreshTokens.create({
          userId: ada.id,
          familyId: 'f',
          tokenHash: 'a',
          expiresAt: later(),
        });
        const results = await Promise.all([
          r.refreshTokens.rotate('a', next('b1')),
          r.refreshTokens.rotate('a', next('b2')),
        ]);
        expect(results.map((x) => x.kind).sort()).toEqual(['reused', 'rotated']);
        // The replay revoked the family: neither successor works.
        expect(await r.refreshTokens.rotate('b1', next('c1'))).toEqual({ kind: 'invalid' });
        expect(await r.refreshTokens.rotate('b2', next('c2'))).toEqual({ kind: 'invalid' });
      });

      it('refuse an expired token, revoke a family on logout, purge the expired', async () => {
        const ada = await user('ada@example.com');
        await r.refreshTokens.create({
          userId: ada.id,
          familyId: 'f',
          tokenHash: 'a',
          expiresAt: later(),
        });
        await r.refreshTokens.create({
          userId: ada.id,
          familyId: 'g',
          tokenHash: 'x',
          expiresAt: later(),
        });
        await r.refreshTokens.revokeFamilyOf('a');
        await r.refreshTokens.revokeFamilyOf('never-issued');
        expect(await r.refreshTokens.rotate('a', next('b'))).toEqual({ kind: 'invalid' });
        clock.advance(2 * HOUR);
        expect(await r.refreshTokens.rotate('x', next('y'))).toEqual({ kind: 'invalid' });
        expect(await r.refreshTokens.purgeExpired()).toBe(2);
        expect(await r.refreshTokens.purgeExpired()).toBe(0);
      });

      it('refuse a token hash stored twice', async () => {
        const ada = await user('ada@example.com');
        const token = { userId: ada.id, familyId: 'f', tokenHash: 'a', expiresAt: later() };
        await r.refreshTokens.create(token);
        await expect(r.refreshTokens.create(token)).rejects.toBeInstanceOf(UniqueViolationError);
      });
    });

    describe('posts', () => {
      it('show published posts to all, drafts to their author, newest first, with totals', async () => {
        const ada = await user('ada@example.com');
        const bob = await user('bob@example.com');
        const a1 = await r.posts.create(ada.id, { title: 'a1', body: 'x', status: 'published' });
        clock.advance(1000);
        await r.posts.create(ada.id, { title: 'a2', body: 'x', status: 'draft' });
        clock.advance(1000);
        await r.posts.create(bob.id, { title: 'b1', body: 'x', status: 'published' });
        const anonymous = await r.posts.listVisible(undefined, page(1, 10));
        expect(anonymous.items.map((p) => p.title)).toEqual(['b1', 'a1']);
        const forAda = await r.posts.listVisible(ada.id, page(1, 2));
        expect(forAda.items.map((p) => p.title)).toEqual(['b1', 'a2']);
        expect(forAda.total).toBe(3);
        expect((await r.posts.listByAuthor(ada.id, false, page(1, 10))).total).toBe(1);
        expect((await r.posts.listByAuthor(ada.id, true, page(1, 10))).total).toBe(2);
        expect(await r.posts.findById(a1.id)).toEqual(a1);
      });

      it('update the fields sent only, delete once', async () => {
        const ada = await user('ada@example.com');
        const post = await r.posts.create(ada.id, { title: 't', body: 'b', status: 'draft' });
        const updated = await r.posts.update(post.id, { status: 'published' });
        expect(updated).toEqual(
          expect.objectContaining({ title: 't', body: 'b', status: 'published' }),
        );
        expect(await r.posts.update(post.id + 1000, { title: 'x' })).toBeUndefined();
        expect(await r.posts.delete(post.id)).toBe(true);
        expect(await r.posts.delete(post.id)).toBe(false);
      });
    });

    describe('outbox', () => {
      it('add a message once per dedupe key', async () => {
        const message = {
          dedupeKey: 'welcome:1',
          recipient: 'a@example.com',
          subject: 's',
          body: 'b',
        };
        await r.outbox.add(message);
        await r.outbox.add({ ...message, subject: 'again' });
        expect(await r.outbox.list()).toEqual([
          { ...message, id: expect.any(Number), createdAt: '2030-01-01T00:00:00.000Z' },
        ]);
      });
    });

    describe('jobs', () => {
      it('claim due jobs oldest first, never the same job twice, even when claims race', async () => {
        const ids = [];
        for (const n of [1, 2, 3]) {
          ids.push(await r.jobs.enqueue('work', { n }));
          clock.advance(10);
        }
        await r.jobs.enqueue('later', {}, { runAt: clock.now() + HOUR });
        const claims = await Promise.all([1, 2, 3, 4, 5].map(() => r.jobs.claimNext()));
        const claimed = claims.filter((job) => job !== undefined);
        expect(claimed.map((job) => job.id).sort()).toEqual([...ids].sort());
        expect(claimed.every((job) => job.status === 'running' && job.attempts === 1)).toBe(true);
      });

      it('keep one active job per unique key, retry, fail, complete with a next run', async () => {
        const id = await r.jobs.enqueue('purge', null, { uniqueKey: 'purge', maxAttempts: 2 });
        expect(await r.jobs.enqueue('purge', null, { uniqueKey: 'purge' })).toBeUndefined();
        const job = await r.jobs.claimNext();
        expect(job?.id).toBe(id);
        if (job === undefined) return;
        await r.jobs.fail(job, 'boom', clock.now() + 1000);
        expect(await r.jobs.claimNext()).toBeUndefined();
        clock.advance(1000);
        const retried = await r.jobs.claimNext();
        expect(retried).toEqual(expect.objectContaining({ id, attempts: 2, lastError: 'boom' }));
        if (retried === undefined) return;
        await r.jobs.complete(retried, { runAt: clock.now() + HOUR });
        expect((await r.jobs.get(id as number))?.status).toBe('done');
        clock.advance(HOUR);
        const nextRun = await r.jobs.claimNext();
        expect(nextRun).toEqual(expect.objectContaining({ type: 'purge', uniqueKey: 'purge' }));
        if (nextRun === undefined) return;
        await r.jobs.fail(nextRun, 'gone', undefined);
        expect((await r.jobs.get(nextRun.id))?.status).toBe('failed');
      });

      it('put back jobs left running by a dead process once they are stale', async () => {
        await r.jobs.enqueue('work', {});
        await r.jobs.claimNext();
        expect(await r.jobs.recoverStale(60_000)).toBe(0);
        clock.advance(60_000);
        expect(await r.jobs.recoverStale(60_000)).toBe(1);
        expect((await r.jobs.claimNext())?.attempts).toBe(2);
      });
    });

    function next(tokenHash: string) {
      return { tokenHash, expiresAt: later() };
    }
    function later() {
      return new Date(clock.now() + HOUR);
    }
  });
}
