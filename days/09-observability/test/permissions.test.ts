import {
  PERMISSIONS,
  type Permission,
  ROLES,
  hasPermission,
} from '../src/core/security/permissions';

describe('the permission table', () => {
  // The table written out as a matrix, so any change to who may do what shows up in review.
  const expected: Record<Permission, readonly string[]> = {
    'users:read': ['admin'],
    'users:manage': ['admin'],
    'products:create': ['admin', 'editor'],
    'products:update': ['admin', 'editor'],
    'products:delete': ['admin'],
    'posts:create': ['admin', 'editor', 'user'],
    'posts:read-drafts': ['admin'],
    'posts:manage-any': ['admin'],
  };

  it.each(Object.entries(expected))('grants %s to exactly %j', (permission, roles) => {
    const granted = ROLES.filter((role) => hasPermission(role, permission as Permission));
    expect(granted).toEqual(roles);
  });

  it('has no permission that the matrix above does not know', () => {
    const all = new Set(Object.values(PERMISSIONS).flat());
    expect([...all].sort()).toEqual(Object.keys(expected).sort());
  });

  it('cannot be modified at run time', () => {
    expect(Object.isFrozen(PERMISSIONS)).toBe(true);
  });
});
