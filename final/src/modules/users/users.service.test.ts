import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors/app-error';
import { UniqueViolationError } from '../../core/db/errors';
import { createLogger } from '../../core/logging/logger';
import type { PasswordHasher } from '../../core/security/password-hasher';
import type { Role } from '../../core/security/permissions';
import type { UserRecord } from './users.mapper';
import type { GuardedWrite, UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const hasher: PasswordHasher = {
  hash: async (password) => `hashed:${password}`,
  verify: async (password, hash) => hash === `hashed:${password}`,
  close: async () => {},
};

function setup(initial: { id: number; role: Role }[] = []) {
  const users = new Map<number, UserRecord>(
    initial.map(({ id, role }) => [
      id,
      {
        id,
        role,
        email: `u${id}@example.com`,
        name: `U${id}`,
        passwordHash: 'hashed:current password',
        createdAt: '',
        updatedAt: '',
      },
    ]),
  );
  const updates: unknown[] = [];
  const repo = {
    findById: async (id: number) => users.get(id),
    findByEmail: async (email: string) => [...users.values()].find((u) => u.email === email),
    countAdmins: async () => [...users.values()].filter((u) => u.role === 'admin').length,
    update: async (id: number, changes: { name?: string; passwordHash?: string }) => {
      updates.push({ id, ...changes });
      return users.get(id);
    },
    changeRole: async (id: number, role: Role): Promise<GuardedWrite<UserRecord>> => {
      const user = users.get(id);
      if (!user) return { ok: false, reason: 'not-found' };
      if (user.role === 'admin' && role !== 'admin') return { ok: false, reason: 'last-admin' };
      return { ok: true, value: { ...user, role } };
    },
    delete: async (id: number): Promise<GuardedWrite<void>> =>
      users.has(id) ? { ok: true, value: undefined } : { ok: false, reason: 'not-found' },
    create: async (user: Omit<UserRecord, 'id' | 'createdAt' | 'updatedAt'>) => {
      const record = { ...user, id: users.size + 1, createdAt: '', updatedAt: '' };
      users.set(record.id, record);
      return record;
    },
  } as unknown as UsersRepository;
  const service = new UsersService(repo, hasher, createLogger({ level: 'silent' }));
  return { service, users, updates, repo };
}

describe('UsersService.updateProfile', () => {
  it('changes the name without touching the password', async () => {
    const { service, updates } = setup([{ id: 1, role: 'user' }]);
    await service.updateProfile(1, { name: 'New' });
    expect(updates).toEqual([{ id: 1, name: 'New', passwordHash: undefined }]);
  });

  it('requires the current password to set a new one', async () => {
    const { service } = setup([{ id: 1, role: 'user' }]);
    await expect(service.updateProfile(1, { password: 'a new password!' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      service.updateProfile(1, { password: 'a new password!', currentPassword: 'wrong' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('stores the new password hashed', async () => {
    const { service, updates } = setup([{ id: 1, role: 'user' }]);
    await service.updateProfile(1, {
      password: 'a new password!',
      currentPassword: 'current password',
    });
    expect(updates).toEqual([{ id: 1, name: undefined, passwordHash: 'hashed:a new password!' }]);
  });
});

describe('UsersService.getById', () => {
  it('refuses a non-admin reading someone else before looking them up', async () => {
    const { service } = setup([{ id: 1, role: 'user' }]);
    await expect(service.getById({ id: 1, role: 'user' }, 999)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(service.getById({ id: 2, role: 'admin' }, 999)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('UsersService.changeRole and delete', () => {
  it('maps the last-admin guard to a ConflictError and a missing user to NotFoundError', async () => {
    const { service } = setup([{ id: 1, role: 'admin' }]);
    const actor = { id: 1, role: 'admin' as const };
    await expect(service.changeRole(actor, 1, 'user')).rejects.toBeInstanceOf(ConflictError);
    await expect(service.changeRole(actor, 42, 'user')).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.delete(actor, 42)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('UsersService.ensureAdmin', () => {
  const admin = { email: 'boss@example.com', password: 'a strong password' };

  it('creates the admin when none exists', async () => {
    const { service, users } = setup();
    expect(await service.ensureAdmin(admin)).toBe('created');
    expect([...users.values()][0]).toEqual(
      expect.objectContaining({
        email: admin.email,
        role: 'admin',
        passwordHash: 'hashed:a strong password',
      }),
    );
  });

  it('does nothing when an admin exists', async () => {
    const { service } = setup([{ id: 1, role: 'admin' }]);
    expect(await service.ensureAdmin(admin)).toBe('exists');
  });

  it('never promotes an existing account that holds the admin email', async () => {
    const { service, users } = setup([{ id: 1, role: 'user' }]);
    expect(await service.ensureAdmin({ ...admin, email: 'u1@example.com' })).toBe('email-taken');
    expect(users.get(1)?.role).toBe('user');
  });

  it('treats losing the race to create the admin to another instance as "exists"', async () => {
    const { service, users, repo } = setup();
    const winner = { id: 7, role: 'admin' as Role, email: admin.email, name: 'Administrator' };
    // Another instance creates the admin between this one's checks and its insert.
    repo.create = async () => {
      users.set(7, { ...winner, passwordHash: 'hashed:x', createdAt: '', updatedAt: '' });
      throw new UniqueViolationError('An account with this email already exists');
    };
    expect(await service.ensureAdmin(admin)).toBe('exists');
    expect(users.size).toBe(1);
  });

  it('lets any other failure of the insert stop the start-up', async () => {
    const { service, repo } = setup();
    repo.create = async () => {
      throw new Error('disk full');
    };
    await expect(service.ensureAdmin(admin)).rejects.toThrow('disk full');
  });
});
