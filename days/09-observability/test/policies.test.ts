// The policies of posts and users, as plain functions: no request, no database.
// (canViewPost's own test is test/drafts-stay-private.test.ts.)
import type { Post } from '../src/modules/posts/posts.mapper';
import { canModifyPost } from '../src/modules/posts/posts.policy';
import { canViewUser } from '../src/modules/users/users.policy';

const post = (status: Post['status'], authorId = 1): Post => ({
  id: 10,
  title: 't',
  body: 'b',
  status,
  authorId,
  createdAt: '',
  updatedAt: '',
});
const author = { id: 1, role: 'user' as const };
const stranger = { id: 2, role: 'user' as const };
const editor = { id: 3, role: 'editor' as const };
const admin = { id: 4, role: 'admin' as const };

describe('canModifyPost', () => {
  it('lets the author and admins change a post, nobody else, whatever its status', () => {
    for (const status of ['draft', 'published'] as const) {
      expect({
        author: canModifyPost(author, post(status)),
        admin: canModifyPost(admin, post(status)),
        stranger: canModifyPost(stranger, post(status)),
        editor: canModifyPost(editor, post(status)),
      }).toEqual({ author: true, admin: true, stranger: false, editor: false });
    }
  });
});

describe('canViewUser', () => {
  it('lets everyone view themselves', () => {
    expect([canViewUser(author, 1), canViewUser(editor, 3)]).toEqual([true, true]);
  });

  it('lets only roles with users:read view other users', () => {
    expect([canViewUser(stranger, 1), canViewUser(editor, 1), canViewUser(admin, 1)]).toEqual([
      false,
      false,
      true,
    ]);
  });
});
