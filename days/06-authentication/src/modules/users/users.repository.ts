import type { Clock } from '../../core/clock';
import { type Database, inImmediateTransaction, translateErrors } from '../../core/db/database';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import type { AuthenticatedUser, CallerLookup } from '../../core/security/authenticate';
import { type Role, type UserRecord, type UserRow, toUserRecord } from './users.mapper';

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly role: Role;
}

/** Data access for users. Async so another database can implement it unchanged. */
export interface UsersRepository extends CallerLookup {
  /** A taken email (compared ignoring case) is a UniqueViolationError. */
  create(user: NewUser): Promise<UserRecord>;
  findById(id: number): Promise<UserRecord | undefined>;
  findByEmail(email: string): Promise<UserRecord | undefined>;
  /** A page of users and the total, read from one snapshot. */
  list(page: PageRequest): Promise<{ items: UserRecord[]; total: number }>;
  /** A password change also revokes every refresh token of the user, atomically. */
  update(
    id: number,
    changes: { name?: string; passwordHash?: string },
  ): Promise<UserRecord | undefined>;
}

export class SqliteUsersRepository implements UsersRepository {
  private readonly insert;
  private readonly byId;
  private readonly byEmail;
  private readonly caller;
  private readonly setName;
  private readonly setPassword;
  private readonly revokeTokens;
  private readonly pageAndTotal;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(`
      INSERT INTO users (email, name, password_hash, role, created_at, updated_at)
      VALUES (@email, @name, @passwordHash, @role, @now, @now) RETURNING *`);
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
    this.caller = db.prepare('SELECT id FROM users WHERE id = ?');
    this.setName = db.prepare('UPDATE users SET name = ?, updated_at = ? WHERE id = ?');
    this.setPassword = db.prepare(
      'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?',
    );
    this.revokeTokens = db.prepare(
      'UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL',
    );
    const page = db.prepare('SELECT * FROM users ORDER BY id LIMIT ? OFFSET ?');
    const count = db.prepare('SELECT COUNT(*) AS n FROM users');
    // As for products: one read transaction, so the page and the total see one snapshot.
    this.pageAndTotal = db.transaction((limit: number, offset: number) => {
      const rows = page.all(limit, offset) as UserRow[];
      const { n } = count.get() as { n: number };
      return { items: rows.map(toUserRecord), total: n };
    });
  }

  async create(user: NewUser): Promise<UserRecord> {
    const row = translateErrors(
      () => this.insert.get({ ...user, now: this.now() }) as UserRow,
      'An account with this email already exists',
    );
    return toUserRecord(row);
  }

  async findById(id: number): Promise<UserRecord | undefined> {
    const row = this.byId.get(id) as UserRow | undefined;
    return row && toUserRecord(row);
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = this.byEmail.get(email) as UserRow | undefined;
    return row && toUserRecord(row);
  }

  async findCaller(userId: number): Promise<AuthenticatedUser | undefined> {
    return this.caller.get(userId) as AuthenticatedUser | undefined;
  }

  async list(page: PageRequest): Promise<{ items: UserRecord[]; total: number }> {
    return this.pageAndTotal(page.limit, offsetOf(page));
  }

  async update(
    id: number,
    changes: { name?: string; passwordHash?: string },
  ): Promise<UserRecord | undefined> {
    // Only the columns asked for are written (no read-modify-write), and the new password and
    // the end of every session it replaces commit together.
    return translateErrors(() =>
      inImmediateTransaction(this.db, () => {
        const now = this.now();
        if (changes.name !== undefined) this.setName.run(changes.name, now, id);
        if (changes.passwordHash !== undefined) {
          this.setPassword.run(changes.passwordHash, now, id);
          this.revokeTokens.run(now, id);
        }
        const row = this.byId.get(id) as UserRow | undefined;
        return row && toUserRecord(row);
      }),
    );
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
