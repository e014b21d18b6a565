export type Role = 'admin' | 'editor' | 'user';

/** A user as the API shows it (no credentials yet: those arrive with authentication). */
export interface User {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Read-only for now: users are seeded, and registration comes with authentication. */
export interface UsersRepository {
  list(): Promise<User[]>;
  findById(id: number): Promise<User | undefined>;
}

export const SEED_USERS: readonly User[] = [
  user(1, 'ada@example.com', 'Ada Lovelace', 'admin'),
  user(2, 'grace@example.com', 'Grace Hopper', 'editor'),
  user(3, 'linus@example.com', 'Linus Torvalds', 'user'),
];

export class InMemoryUsersRepository implements UsersRepository {
  private readonly users: Map<number, User>;

  constructor(seed: readonly User[] = SEED_USERS) {
    this.users = new Map(seed.map((u) => [u.id, u]));
  }

  async list(): Promise<User[]> {
    return [...this.users.values()];
  }

  async findById(id: number): Promise<User | undefined> {
    return this.users.get(id);
  }
}

function user(id: number, email: string, name: string, role: Role): User {
  const at = '2026-01-10T08:00:00.000Z';
  return { id, email, name, role, createdAt: at, updatedAt: at };
}
