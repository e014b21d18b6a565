import { canViewUser } from './users.policy';

describe('canViewUser', () => {
  it('lets everyone view themselves', () => {
    expect(canViewUser({ id: 5, role: 'user' }, 5)).toBe(true);
  });

  it('lets only admins view other users', () => {
    expect(canViewUser({ id: 5, role: 'user' }, 6)).toBe(false);
    expect(canViewUser({ id: 5, role: 'editor' }, 6)).toBe(false);
    expect(canViewUser({ id: 5, role: 'admin' }, 6)).toBe(true);
  });
});
