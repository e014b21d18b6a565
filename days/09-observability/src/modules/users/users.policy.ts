import type { AuthenticatedUser } from '../../core/security/authenticate';
import { hasPermission } from '../../core/security/permissions';

/** A user may read their own profile; reading others needs `users:read`. */
export function canViewUser(actor: AuthenticatedUser, targetId: number): boolean {
  return actor.id === targetId || hasPermission(actor.role, 'users:read');
}
