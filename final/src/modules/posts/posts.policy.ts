import type { AuthenticatedUser } from '../../core/security/authenticate';
import { hasPermission } from '../../core/security/permissions';
import type { Post } from './posts.mapper';

/** Published posts are public; a draft is visible to its author and to moderators. */
export function canViewPost(viewer: AuthenticatedUser | undefined, post: Post): boolean {
  if (post.status === 'published') return true;
  if (viewer === undefined) return false;
  return viewer.id === post.authorId || hasPermission(viewer.role, 'posts:read-drafts');
}

/** Only the author edits or deletes a post, unless the role may manage any post. */
export function canModifyPost(actor: AuthenticatedUser, post: Post): boolean {
  return actor.id === post.authorId || hasPermission(actor.role, 'posts:manage-any');
}
