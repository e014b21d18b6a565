import type { Clock } from '../../core/clock';
import { type Database, translateErrors } from '../../core/db/database';

export interface OutboxMessage {
  readonly id: number;
  readonly dedupeKey: string;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
  readonly createdAt: string;
}

/**
 * Messages waiting for a mail relay to deliver them. Writing here instead of calling a mail
 * API keeps requests fast and lets delivery be retried independently.
 */
export interface OutboxRepository {
  /** Idempotent per `dedupeKey`: a retried job does not send the same message twice. */
  add(message: Omit<OutboxMessage, 'id' | 'createdAt'>): Promise<void>;
  list(): Promise<OutboxMessage[]>;
}

export class SqliteOutboxRepository implements OutboxRepository {
  private readonly insert;
  private readonly all;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(`
      INSERT INTO outbox (dedupe_key, recipient, subject, body, created_at)
      VALUES (@dedupeKey, @recipient, @subject, @body, @now)
      ON CONFLICT (dedupe_key) DO NOTHING`);
    this.all = db.prepare(`
      SELECT id, dedupe_key AS dedupeKey, recipient, subject, body, created_at AS createdAt
      FROM outbox ORDER BY id`);
  }

  async add(message: Omit<OutboxMessage, 'id' | 'createdAt'>): Promise<void> {
    translateErrors(() => this.insert.run({ ...message, now: this.now() }));
  }

  async list(): Promise<OutboxMessage[]> {
    return this.all.all() as OutboxMessage[];
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
