import bcrypt from 'bcryptjs';
import { createPasswordHasher } from '../src/core/security/password-hasher';

describe('the password hasher', () => {
  it.each([4, 5])('hashes at the configured cost (%i) and verifies', async (cost) => {
    const hasher = createPasswordHasher({ cost });
    const hash = await hasher.hash('correct horse battery staple');
    expect(bcrypt.getRounds(hash)).toBe(cost);
    expect([
      await hasher.verify('correct horse battery staple', hash),
      await hasher.verify('Correct horse battery staple', hash),
    ]).toEqual([true, false]);
  });
});
