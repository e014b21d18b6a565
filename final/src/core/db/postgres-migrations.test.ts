import { migrations } from './migrations';
import { POSTGRES_ONLY, postgresMigrations } from './postgres-migrations';

it('keep the PostgreSQL chain in step with the SQLite chain: same versions, same names', () => {
  const steps = (chain: typeof migrations) => chain.map(({ version, name }) => ({ version, name }));
  const shared = postgresMigrations.filter((m) => POSTGRES_ONLY[m.version] === undefined);
  expect(steps(shared)).toEqual(steps(migrations));
  // PostgreSQL-only steps are numbered out of the shared chain's way.
  for (const version of Object.keys(POSTGRES_ONLY).map(Number))
    expect(version).toBeGreaterThan(1000);
});
