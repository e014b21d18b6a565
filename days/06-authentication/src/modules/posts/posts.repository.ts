export type PostStatus = 'draft' | 'published';

export interface Post {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly status: PostStatus;
  readonly authorId: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Read-only for now: posts are listed below their author and found by their own id. */
export interface PostsRepository {
  listByAuthor(authorId: number): Promise<Post[]>;
  findById(id: number): Promise<Post | undefined>;
}

export const SEED_POSTS: readonly Post[] = [
  post(1, 1, 'Notes on the Analytical Engine', 'The engine weaves algebraic patterns.'),
  post(2, 1, 'On Bernoulli numbers', 'A program, step by step.'),
  post(3, 2, 'The first bug', 'A moth, taped into the log book.'),
];

export class InMemoryPostsRepository implements PostsRepository {
  constructor(private readonly posts: readonly Post[] = SEED_POSTS) {}

  async listByAuthor(authorId: number): Promise<Post[]> {
    return this.posts.filter((p) => p.authorId === authorId);
  }

  async findById(id: number): Promise<Post | undefined> {
    return this.posts.find((p) => p.id === id);
  }
}

function post(id: number, authorId: number, title: string, body: string): Post {
  const at = '2026-01-12T10:00:00.000Z';
  return { id, title, body, status: 'published', authorId, createdAt: at, updatedAt: at };
}
