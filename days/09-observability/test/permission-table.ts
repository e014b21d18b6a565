// Builds the app with another permission table, to check that a decision comes from the table
// and not from role names written somewhere else. The whole application is loaded again in an
// isolated module registry (jest.isolateModules) in which src/core/security/permissions.ts is
// replaced by `grants`; the rest of the test file keeps the real modules.
import type express from 'express';
import type { Permission, Role } from '../src/core/security/permissions';

type Grants = Readonly<Record<Role, readonly Permission[]>>;

const PERMISSIONS_MODULE = '../src/core/security/permissions';

/** A copy of the table with some permissions granted or taken away. */
export function changedTable(
  table: Grants,
  changes: { grant?: Partial<Grants>; revoke?: Partial<Grants> },
): Grants {
  const result = {} as Record<Role, readonly Permission[]>;
  for (const role of Object.keys(table) as Role[]) {
    const revoked = new Set(changes.revoke?.[role] ?? []);
    const kept = table[role].filter((p) => !revoked.has(p));
    result[role] = [...kept, ...(changes.grant?.[role] ?? []).filter((p) => !kept.includes(p))];
  }
  return Object.freeze(result);
}

/** testApp(), built with `grants` as the permission table. */
export async function testAppWithPermissions(grants: Grants): Promise<express.Express> {
  let helpers: typeof import('./helpers') | undefined;
  jest.isolateModules(() => {
    jest.doMock(PERMISSIONS_MODULE, () => {
      const actual: typeof import('../src/core/security/permissions') =
        jest.requireActual(PERMISSIONS_MODULE);
      return {
        ...actual,
        PERMISSIONS: grants,
        hasPermission: (role: Role, permission: Permission) =>
          grants[role]?.includes(permission) ?? false,
      };
    });
    helpers = require('./helpers');
  });
  // The mock stays registered after isolateModules; later requires must get the real table.
  jest.dontMock(PERMISSIONS_MODULE);
  if (helpers === undefined) throw new Error('could not load test/helpers.ts');
  return helpers.testApp();
}
