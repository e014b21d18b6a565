import type { Post } from './posts.mapper';
import { canModifyPost, canViewPost } from './posts.policy';

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

describe('canViewPost', () => {
  it('shows published posts to everyone, including anonymous callers', () => {
    for (const viewer of [undefined, author, stranger, editor, admin]) {
      expect(canViewPost(viewer, post('published'))).toBe(true);
    }
  });

  it('shows a draft only to its author and to admins', () => {
    expect(canViewPost(undefined, post('draft'))).toBe(false);
    expect(canViewPost(stranger, post('draft'))).toBe(false);
    expect(canViewPost(editor, post('draft'))).toBe(false);
    expect(canViewPost(author, post('draft'))).toBe(true);
    expect(canViewPost(admin, post('draft'))).toBe(true);
  });
});

describe('canModifyPost', () => {
  it('lets the author and admins modify a post, nobody else', () => {
    expect(canModifyPost(author, post('published'))).toBe(true);
    expect(canModifyPost(admin, post('published'))).toBe(true);
    expect(canModifyPost(stranger, post('published'))).toBe(false);
    expect(canModifyPost(editor, post('published'))).toBe(false);
  });
});
