import { migrations } from './migrations';
import { postgresMigrations } from './postgres-migrations';

it('keep the PostgreSQL chain in step with the SQLite chain: same versions, same names', () => {
  const steps = (chain: typeof migrations) => chain.map(({ version, name }) => ({ version, name }));
  expect(steps(postgresMigrations)).toEqual(steps(migrations));
});
