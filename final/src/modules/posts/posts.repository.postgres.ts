import type { Clock } from '../../core/clock';
import { type PostgresDatabase, first } from '../../core/db/postgres';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import { type Post, type PostRow, toPost } from './posts.mapper';
import type { PostInput, PostsRepository } from './posts.repository';

/** Posts on PostgreSQL: the same contract as SqlitePostsRepository. */
export class PostgresPostsRepository implements PostsRepository {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly clock: Clock,
  ) {}

  async listVisible(
    includeDraftsOf: number | undefined,
    page: PageRequest,
  ): Promise<{ items: Post[]; total: number }> {
    // author_id = -1 never matches, so anonymous callers see published posts only.
    return this.pageAndTotal(
      `(status = 'published' OR author_id = $1)`,
      [includeDraftsOf ?? -1],
      page,
    );
  }

  async listByAuthor(
    authorId: number,
    includeDrafts: boolean,
    page: PageRequest,
  ): Promise<{ items: Post[]; total: number }> {
    return this.pageAndTotal(
      `author_id = $1 AND (status = 'published' OR $2::boolean)`,
      [authorId, includeDrafts],
      page,
    );
  }

  async findById(id: number): Promise<Post | undefined> {
    const { rows } = await this.db.query<PostRow>('SELECT * FROM posts WHERE id = $1', [id]);
    return rows[0] && toPost(rows[0]);
  }

  async create(authorId: number, input: PostInput): Promise<Post> {
    const { rows } = await this.db.query<PostRow>(
      `INSERT INTO posts (title, body, status, author_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
      [input.title, input.body, input.status, authorId, this.now()],
    );
    return toPost(first(rows));
  }

  async update(id: number, changes: Partial<PostInput>): Promise<Post | undefined> {
    // COALESCE keeps a column when its new value is NULL (not sent): one atomic statement.
    const { rows } = await this.db.query<PostRow>(
      `UPDATE posts SET
         title = COALESCE($1, title),
         body = COALESCE($2, body),
         status = COALESCE($3, status),
         updated_at = $4
       WHERE id = $5 RETURNING *`,
      [changes.title ?? null, changes.body ?? null, changes.status ?? null, this.now(), id],
    );
    return rows[0] && toPost(rows[0]);
  }

  async delete(id: number): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM posts WHERE id = $1', [id]);
    return rowCount === 1;
  }

  /** A page newest first and its total, read in one REPEATABLE READ snapshot. */
  private pageAndTotal(
    where: string,
    params: readonly unknown[],
    page: PageRequest,
  ): Promise<{ items: Post[]; total: number }> {
    const next = params.length + 1;
    return this.db.transaction(
      async (tx) => {
        const { rows } = await tx.query<PostRow>(
          `SELECT * FROM posts WHERE ${where}
           ORDER BY created_at DESC, id DESC LIMIT $${next} OFFSET $${next + 1}`,
          [...params, page.limit, offsetOf(page)],
        );
        const { rows: count } = await tx.query<{ n: number }>(
          `SELECT COUNT(*)::integer AS n FROM posts WHERE ${where}`,
          params,
        );
        return { items: rows.map(toPost), total: first(count).n };
      },
      { isolation: 'repeatable read', readOnly: true },
    );
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
