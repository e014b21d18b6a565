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
  /** The posts of one author, drafts only when `includeDrafts`. Newest first. */
  listByAuthor(
    authorId: number,
    includeDrafts: boolean,
    page: PageRequest,
  ): Promise<{ items: Post[]; total: number }>;
  findById(id: number): Promise<Post | undefined>;
  create(authorId: number, input: PostInput): Promise<Post>;
  update(id: number, changes: Partial<PostInput>): Promise<Post | undefined>;
  delete(id: number): Promise<boolean>;
}

const VISIBLE = `(status = 'published' OR author_id = @viewer)`;

export class SqlitePostsRepository implements PostsRepository {
  private readonly visiblePage;
  private readonly authorPage;
  private readonly byId;
  private readonly insert;
  private readonly patch;
  private readonly remove;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    // author_id = -1 never matches, so anonymous callers see published posts only.
    this.visiblePage = pageAndTotal(db, VISIBLE);
    this.authorPage = pageAndTotal(db, `author_id = @author AND (status = 'published' OR @drafts)`);
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
    return this.visiblePage({ viewer: includeDraftsOf ?? -1 }, page);
  }

  async listByAuthor(
    authorId: number,
    includeDrafts: boolean,
    page: PageRequest,
  ): Promise<{ items: Post[]; total: number }> {
    return this.authorPage({ author: authorId, drafts: includeDrafts ? 1 : 0 }, page);
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

/**
 * A page of the posts matching `where`, newest first, and how many match: both read in one
 * transaction, so they describe one snapshot (a post committed meanwhile by another process is
 * in both or in neither).
 */
function pageAndTotal(db: Database, where: string) {
  const page = db.prepare(
    `SELECT * FROM posts WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare(`SELECT COUNT(*) AS n FROM posts WHERE ${where}`);
  return db.transaction((params: Record<string, number>, at: PageRequest) => {
    const rows = page.all({ ...params, limit: at.limit, offset: offsetOf(at) }) as PostRow[];
    const { n } = count.get(params) as { n: number };
    return { items: rows.map(toPost), total: n };
  });
}
