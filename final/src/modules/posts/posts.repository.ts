import type { Clock } from '../../core/clock';
import { type Database, translateErrors } from '../../core/db/database';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import { type Post, type PostRow, type PostStatus, toPost } from './posts.mapper';

export interface PostInput {
  readonly title: string;
  readonly body: string;
  readonly status: PostStatus;
}

export interface PostsRepository {
  /** Published posts, plus the drafts of `includeDraftsOf` when given. Newest first. */
  listVisible(
    includeDraftsOf: number | undefined,
    page: PageRequest,
  ): Promise<{ items: Post[]; total: number }>;
  findById(id: number): Promise<Post | undefined>;
  create(authorId: number, input: PostInput): Promise<Post>;
  update(id: number, changes: Partial<PostInput>): Promise<Post | undefined>;
  delete(id: number): Promise<boolean>;
}

const VISIBLE = `(status = 'published' OR author_id = @viewer)`;

export class SqlitePostsRepository implements PostsRepository {
  private readonly page;
  private readonly count;
  private readonly byId;
  private readonly insert;
  private readonly patch;
  private readonly remove;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    // author_id = -1 never matches, so anonymous callers see published posts only.
    this.page = db.prepare(
      `SELECT * FROM posts WHERE ${VISIBLE} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    );
    this.count = db.prepare(`SELECT COUNT(*) AS n FROM posts WHERE ${VISIBLE}`);
    this.byId = db.prepare('SELECT * FROM posts WHERE id = ?');
    this.insert = db.prepare(`
      INSERT INTO posts (title, body, status, author_id, created_at, updated_at)
      VALUES (@title, @body, @status, @authorId, @now, @now) RETURNING *`);
    // COALESCE keeps a column when its new value is NULL (not sent).
    this.patch = db.prepare(`
      UPDATE posts SET
        title = COALESCE(@title, title),
        body = COALESCE(@body, body),
        status = COALESCE(@status, status),
        updated_at = @now
      WHERE id = @id RETURNING *`);
    this.remove = db.prepare('DELETE FROM posts WHERE id = ?');
  }

  async listVisible(
    includeDraftsOf: number | undefined,
    page: PageRequest,
  ): Promise<{ items: Post[]; total: number }> {
    const viewer = includeDraftsOf ?? -1;
    const rows = this.page.all({ viewer, limit: page.limit, offset: offsetOf(page) }) as PostRow[];
    const { n } = this.count.get({ viewer }) as { n: number };
    return { items: rows.map(toPost), total: n };
  }

  async findById(id: number): Promise<Post | undefined> {
    const row = this.byId.get(id) as PostRow | undefined;
    return row && toPost(row);
  }

  async create(authorId: number, input: PostInput): Promise<Post> {
    const now = this.now();
    const row = translateErrors(() => this.insert.get({ ...input, authorId, now })) as PostRow;
    return toPost(row);
  }

  async update(id: number, changes: Partial<PostInput>): Promise<Post | undefined> {
    const row = translateErrors(() =>
      this.patch.get({
        id,
        title: changes.title ?? null,
        body: changes.body ?? null,
        status: changes.status ?? null,
        now: this.now(),
      }),
    ) as PostRow | undefined;
    return row && toPost(row);
  }

  async delete(id: number): Promise<boolean> {
    return translateErrors(() => this.remove.run(id).changes === 1);
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
