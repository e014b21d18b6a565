import { sql as initialSchema } from './001-initial-schema';
import { sql as users } from './002-users';
import { sql as refreshTokens } from './003-refresh-tokens';
import { sql as posts } from './004-posts';
import { sql as productsPriceIndex } from './005-products-price-index';
import { sql as jobsAndOutbox } from './006-jobs-and-outbox';
import { sql as dataVersions } from './007-data-versions';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Migrations are SQL embedded in TypeScript modules, so `tsc` ships them in dist/ and no
 * run-time path lookup can miss them. Append only: never edit one that has been released.
 * Each day that changes the schema appends its own (Day 5 products, Day 6 users and refresh
 * tokens, Day 7 posts, Day 10 the price index, Day 12 jobs, Day 13 data versions).
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial-schema', sql: initialSchema },
  { version: 2, name: 'users', sql: users },
  { version: 3, name: 'refresh-tokens', sql: refreshTokens },
  { version: 4, name: 'posts', sql: posts },
  { version: 5, name: 'products-price-index', sql: productsPriceIndex },
  { version: 6, name: 'jobs-and-outbox', sql: jobsAndOutbox },
  { version: 7, name: 'data-versions', sql: dataVersions },
];
