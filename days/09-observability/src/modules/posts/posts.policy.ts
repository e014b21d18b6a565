import type { AuthenticatedUser } from '../../core/security/authenticate';
import { hasPermission } from '../../core/security/permissions';
import type { Post } from './posts.mapper';

/** Published posts are public; a draft is visible to its author and to moderators. */
export function canViewPost(viewer: AuthenticatedUser | undefined, post: Post): boolean {
  return post.status === 'published' || canViewDraftsOf(viewer, post.authorId);
}

/** Whether `viewer` sees the drafts of `authorId`: their own, or anyone's for moderators. */
export function canViewDraftsOf(viewer: AuthenticatedUser | undefined, authorId: number): boolean {
  if (viewer === undefined) return false;
  return viewer.id === authorId || hasPermission(viewer.role, 'posts:read-drafts');
}

/** Only the author edits or deletes a post, unless the role may manage any post. */
export function canModifyPost(actor: AuthenticatedUser, post: Post): boolean {
  return actor.id === post.authorId || hasPermission(actor.role, 'posts:manage-any');
}
