export const POST_STATUSES = ['draft', 'published'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export interface Post {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly status: PostStatus;
  readonly authorId: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PostRow {
  id: number;
  title: string;
  body: string;
  status: PostStatus;
  author_id: number;
  created_at: string;
  updated_at: string;
}

export function toPost(row: PostRow): Post {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    status: row.status,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
