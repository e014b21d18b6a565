import { loadConfig } from '../../config';
import { UniqueViolationError } from '../../core/db/errors';
import { UnauthorizedError } from '../../core/errors/app-error';
import { createLogger } from '../../core/logging/logger';
import { createAccessTokens } from '../../core/security/jwt';
import type { PasswordHasher } from '../../core/security/password-hasher';
import type { UserRecord } from '../users/users.mapper';
import type { UsersRepository } from '../users/users.repository';
import { AuthService } from './auth.service';
import type { RefreshTokensRepository, RotationResult } from './refresh-tokens.repository';

// Fakes keep these tests about the rules, not about SQLite (the integration tests cover that).
const fakeHasher: PasswordHasher = {
  hash: async (password) => `hashed:${password}`,
  verify: async (password, hash) => hash === `hashed:${password}`,
  close: async () => {},
};

function setup(rotation: RotationResult = { kind: 'rotated', userId: 1 }) {
  const users = new Map<string, UserRecord>();
  const created: unknown[] = [];
  const revoked: string[] = [];
  const usersRepo = {
    findByEmail: async (email: string) => users.get(email),
    create: async (user: Omit<UserRecord, 'id' | 'createdAt' | 'updatedAt'>) => {
      if (users.has(user.email))
        throw new UniqueViolationError('An account with this email already exists');
      const record = { ...user, id: users.size + 1, createdAt: 'now', updatedAt: 'now' };
      users.set(user.email, record);
      return record;
    },
  } as unknown as UsersRepository;
  const refreshTokens: RefreshTokensRepository = {
    create: async (token) => void created.push(token),
    rotate: async () => rotation,
    revokeFamilyOf: async (hash) => void revoked.push(hash),
    purgeExpired: async () => 0,
  };
  const logs: Record<string, unknown>[] = [];
  const config = loadConfig({ NODE_ENV: 'test' });
  const clock = { now: () => Date.parse('2030-01-01T00:00:00Z') };
  const service = new AuthService({
    users: usersRepo,
    refreshTokens,
    passwords: fakeHasher,
    accessTokens: createAccessTokens(config.jwt, clock),
    clock,
    logger: createLogger({ level: 'debug', sink: (line) => logs.push(JSON.parse(line)) }),
    refreshTokenTtlSeconds: 3600,
  });
  return { service, users, created, revoked, logs };
}

describe('AuthService.register', () => {
  it('always creates a plain user and returns it without the hash', async () => {
    const { service, users } = setup();
    const user = await service.register({
      email: 'a@example.com',
      password: 'pw-pw-pw-pw-pw',
      name: 'A',
    });
    expect(user.role).toBe('user');
    expect(user).not.toHaveProperty('passwordHash');
    expect(users.get('a@example.com')?.passwordHash).toBe('hashed:pw-pw-pw-pw-pw');
  });

  it("lets the repository's unique violation through untranslated", async () => {
    const { service } = setup();
    const input = { email: 'a@example.com', password: 'pw-pw-pw-pw-pw', name: 'A' };
    await service.register(input);
    await expect(service.register(input)).rejects.toBeInstanceOf(UniqueViolationError);
  });
});

describe('AuthService.login', () => {
  it('issues a token pair and stores the refresh token only as a hash', async () => {
    const { service, created } = setup();
    await service.register({ email: 'a@example.com', password: 'pw-pw-pw-pw-pw', name: 'A' });
    const pair = await service.login('a@example.com', 'pw-pw-pw-pw-pw', {});
    expect(pair.tokenType).toBe('Bearer');
    expect(created).toHaveLength(1);
    expect(JSON.stringify(created)).not.toContain(pair.refreshToken);
    expect(created[0]).toEqual(
      expect.objectContaining({
        expiresAt: new Date('2030-01-01T01:00:00Z'),
        familyId: expect.any(String),
      }),
    );
  });

  it('fails identically for an unknown email and a wrong password, and logs why', async () => {
    const { service, logs } = setup();
    await service.register({ email: 'a@example.com', password: 'pw-pw-pw-pw-pw', name: 'A' });
    const unknown = await service
      .login('b@example.com', 'pw-pw-pw-pw-pw', { ip: '10.0.0.1' })
      .catch((e) => e);
    const wrong = await service
      .login('a@example.com', 'nope-nope-nope', { ip: '10.0.0.1' })
      .catch((e) => e);
    expect(unknown).toBeInstanceOf(UnauthorizedError);
    expect(wrong).toBeInstanceOf(UnauthorizedError);
    expect(unknown.message).toBe(wrong.message);
    expect(logs.map((l) => l['reason'])).toEqual(['unknown email', 'wrong password']);
    expect(JSON.stringify(logs)).not.toContain('nope-nope-nope');
  });
});

describe('AuthService.refresh', () => {
  it('returns a new pair after a rotation', async () => {
    const { service } = setup({ kind: 'rotated', userId: 7 });
    const pair = await service.refresh('old-token');
    expect(pair.refreshToken).not.toBe('old-token');
  });

  it('rejects a reused token and logs the reuse as a security event', async () => {
    const { service, logs } = setup({ kind: 'reused', userId: 7, familyId: 'fam' });
    await expect(service.refresh('old-token')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(logs).toEqual([
      expect.objectContaining({ event: 'refresh_token_reuse', userId: 7, familyId: 'fam' }),
    ]);
  });

  it('rejects an invalid token', async () => {
    const { service } = setup({ kind: 'invalid' });
    await expect(service.refresh('whatever')).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe('AuthService.logout', () => {
  it('revokes the family by the token hash, never the raw token', async () => {
    const { service, revoked } = setup();
    await service.logout('raw-token');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatch(/^[0-9a-f]{64}$/);
  });
});
