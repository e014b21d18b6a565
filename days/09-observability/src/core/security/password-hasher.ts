import bcrypt from 'bcryptjs';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

/**
 * bcrypt through bcryptjs, pure JavaScript, at the configured cost. Its async API still runs
 * on the event loop, in slices of up to 100 ms: at cost 12 one hash holds up every other
 * request for a few hundred milliseconds in total (the lesson measures it). Behind this
 * interface, the hashing can move to worker threads without its callers noticing.
 */
export function createPasswordHasher(options: { cost: number }): PasswordHasher {
  return new MainThreadHasher(options.cost);
}

class MainThreadHasher implements PasswordHasher {
  constructor(private readonly cost: number) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }
}
