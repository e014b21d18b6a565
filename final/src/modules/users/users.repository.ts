import type { Clock } from '../../core/clock';
import { type Database, writeTransaction } from '../../core/db/database';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import type { SqliteJobQueue } from '../../core/jobs/job-queue';
import type { AuthenticatedUser, CallerLookup } from '../../core/security/authenticate';
import type { Role } from '../../core/security/permissions';
import { type UserRecord, type UserRow, toUserRecord } from './users.mapper';

export const WELCOME_MESSAGE_JOB = 'welcome-message';

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly role: Role;
}

/** Guarded writes report why they did nothing instead of throwing HTTP errors. */
export type GuardedWrite<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not-found' | 'last-admin' };

/** Data access for users. Async so another database can implement it unchanged. */
export interface UsersRepository extends CallerLookup {
  /** Inserts the user and queues the welcome message in the same transaction. */
  create(user: NewUser, options: { welcome: boolean }): Promise<UserRecord>;
  findById(id: number): Promise<UserRecord | undefined>;
  findByEmail(email: string): Promise<UserRecord | undefined>;
  list(page: PageRequest): Promise<{ items: UserRecord[]; total: number }>;
  countAdmins(): Promise<number>;
  /** A password change also revokes every refresh token of the user, atomically. */
  update(
    id: number,
    changes: { name?: string; passwordHash?: string },
  ): Promise<UserRecord | undefined>;
  /** Refuses to demote the last admin. */
  changeRole(id: number, role: Role): Promise<GuardedWrite<UserRecord>>;
  /** Refuses to delete the last admin. Posts and tokens go with the user (ON DELETE CASCADE). */
  delete(id: number): Promise<GuardedWrite<void>>;
}

export class SqliteUsersRepository implements UsersRepository {
  private readonly insert;
  private readonly byId;
  private readonly byEmail;
  private readonly caller;
  private readonly pageAndTotal;
  private readonly admins;
  private readonly setName;
  private readonly setPassword;
  private readonly revokeTokens;
  private readonly setRole;
  private readonly remove;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly jobs: SqliteJobQueue,
  ) {
    this.insert = db.prepare(`
      INSERT INTO users (email, name, password_hash, role, created_at, updated_at)
      VALUES (@email, @name, @passwordHash, @role, @now, @now) RETURNING *`);
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
    this.caller = db.prepare('SELECT id, role FROM users WHERE id = ?');
    const page = db.prepare('SELECT * FROM users ORDER BY id LIMIT ? OFFSET ?');
    const count = db.prepare('SELECT COUNT(*) AS n FROM users');
    // One read transaction around both, so the page and the total describe one snapshot.
    this.pageAndTotal = db.transaction((limit: number, offset: number) => {
      const rows = page.all(limit, offset) as UserRow[];
      const { n } = count.get() as { n: number };
      return { items: rows.map(toUserRecord), total: n };
    });
    this.admins = db.prepare(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin'`);
    this.setName = db.prepare('UPDATE users SET name = ?, updated_at = ? WHERE id = ?');
    this.setPassword = db.prepare(
      'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?',
    );
    this.revokeTokens = db.prepare(
      'UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL',
    );
    this.setRole = db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ? RETURNING *');
    this.remove = db.prepare('DELETE FROM users WHERE id = ?');
  }

  async create(user: NewUser, options: { welcome: boolean }): Promise<UserRecord> {
    return writeTransaction(
      this.db,
      () => {
        const row = this.insert.get({ ...user, now: this.now() }) as UserRow;
        if (options.welcome) {
          this.jobs.enqueueInTransaction(WELCOME_MESSAGE_JOB, { userId: row.id });
        }
        return toUserRecord(row);
      },
      'An account with this email already exists',
    );
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

  async countAdmins(): Promise<number> {
    return (this.admins.get() as { n: number }).n;
  }

  async update(
    id: number,
    changes: { name?: string; passwordHash?: string },
  ): Promise<UserRecord | undefined> {
    return writeTransaction(this.db, () => {
      const now = this.now();
      if (changes.name !== undefined) this.setName.run(changes.name, now, id);
      if (changes.passwordHash !== undefined) {
        this.setPassword.run(changes.passwordHash, now, id);
        this.revokeTokens.run(now, id);
      }
      const row = this.byId.get(id) as UserRow | undefined;
      return row && toUserRecord(row);
    });
  }

  async changeRole(id: number, role: Role): Promise<GuardedWrite<UserRecord>> {
    // Count and update in one immediate transaction: two admins demoting each other at the
    // same moment cannot both pass the check.
    return writeTransaction(this.db, (): GuardedWrite<UserRecord> => {
      const target = this.byId.get(id) as UserRow | undefined;
      if (target === undefined) return { ok: false, reason: 'not-found' };
      if (target.role === 'admin' && role !== 'admin' && this.adminCount() <= 1) {
        return { ok: false, reason: 'last-admin' };
      }
      const row = this.setRole.get(role, this.now(), id) as UserRow;
      return { ok: true, value: toUserRecord(row) };
    });
  }

  async delete(id: number): Promise<GuardedWrite<void>> {
    return writeTransaction(this.db, (): GuardedWrite<void> => {
      const target = this.byId.get(id) as UserRow | undefined;
      if (target === undefined) return { ok: false, reason: 'not-found' };
      if (target.role === 'admin' && this.adminCount() <= 1)
        return { ok: false, reason: 'last-admin' };
      this.remove.run(id);
      return { ok: true, value: undefined };
    });
  }

  private adminCount(): number {
    return (this.admins.get() as { n: number }).n;
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
