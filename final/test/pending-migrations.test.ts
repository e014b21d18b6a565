import { createHash } from 'node:crypto';
import { pendingMigrations } from '../src/core/db/migrate';

const sha = (sql: string) => createHash('sha256').update(sql).digest('hex');
const m = (version: number, sql: string) => ({ version, name: `m${version}`, sql });

describe('pendingMigrations (what both engines decide before running SQL)', () => {
  it('returns what is not applied yet, in version order, with the checksum to record', () => {
    const chain = [m(3, 'C'), m(1, 'A'), m(2, 'B')];
    const { pending, currentVersion } = pendingMigrations(chain, new Map([[1, sha('A')]]), 'x');
    expect(pending.map((p) => [p.migration.version, p.checksum])).toEqual([
      [2, sha('B')],
      [3, sha('C')],
    ]);
    expect(currentVersion).toBe(3);
  });

  it('refuses a released migration edited later, saying which database to check', () => {
    expect(() =>
      pendingMigrations([m(1, 'A, edited')], new Map([[1, sha('A')]]), 'check DATABASE_URL'),
    ).toThrow('Migration 1 (m1) changed after it was applied: check DATABASE_URL');
  });
});
