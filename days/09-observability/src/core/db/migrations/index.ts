import { sql as initialSchema } from './001-initial-schema';
import { sql as users } from './002-users';
import { sql as refreshTokens } from './003-refresh-tokens';
import { sql as posts } from './004-posts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Migrations are SQL embedded in TypeScript modules, so `tsc` ships them in dist/ and no
 * run-time path lookup can miss them. Append only: never edit one that has been released.
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial-schema', sql: initialSchema },
  { version: 2, name: 'users', sql: users },
  { version: 3, name: 'refresh-tokens', sql: refreshTokens },
  { version: 4, name: 'posts', sql: posts },
];
