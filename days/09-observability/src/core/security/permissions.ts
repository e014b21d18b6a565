export const ROLES = ['admin', 'editor', 'user'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'users:read'
  | 'users:manage'
  | 'products:create'
  | 'products:update'
  | 'products:delete'
  | 'posts:create'
  | 'posts:read-drafts'
  | 'posts:manage-any';

/**
 * The whole role model in one table: route guards and policies ask for a permission, never
 * for a role, so changing what a role may do is a one-line edit here.
 */
export const PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  admin: [
    'users:read',
    'users:manage',
    'products:create',
    'products:update',
    'products:delete',
    'posts:create',
    'posts:read-drafts',
    'posts:manage-any',
  ],
  editor: ['products:create', 'products:update', 'posts:create'],
  user: ['posts:create'],
});

export function hasPermission(role: Role, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
