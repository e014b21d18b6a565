import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors/app-error';
import { type PageRequest, type Paginated, pageInfo } from '../../core/http/pagination';
import type { PasswordHasher } from '../../core/security/password-hasher';
import { type PublicUser, toPublicUser } from './users.mapper';
import type { UsersRepository } from './users.repository';

export interface ProfileChanges {
  readonly name?: string;
  readonly password?: string;
  readonly currentPassword?: string;
}

/** Business rules for accounts. Whatever leaves here is a PublicUser: never a password hash. */
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async getProfile(userId: number): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (user === undefined) throw new NotFoundError('The user does not exist');
    return toPublicUser(user);
  }

  /** Changing the password needs the current one and signs out every session. */
  async updateProfile(userId: number, changes: ProfileChanges): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (user === undefined) throw new NotFoundError('The user does not exist');

    let passwordHash: string | undefined;
    if (changes.password !== undefined) {
      if (changes.currentPassword === undefined) {
        throw new ValidationError([
          {
            location: 'body',
            field: 'currentPassword',
            message: 'currentPassword is required to change the password',
          },
        ]);
      }
      // Whoever holds a stolen access token must not be able to take the account over.
      if (!(await this.passwords.verify(changes.currentPassword, user.passwordHash))) {
        throw new ForbiddenError('The current password is incorrect');
      }
      passwordHash = await this.passwords.hash(changes.password);
    }

    const updated = await this.users.update(userId, { name: changes.name, passwordHash });
    if (updated === undefined) throw new NotFoundError('The user does not exist');
    return toPublicUser(updated);
  }

  async list(page: PageRequest): Promise<Paginated<PublicUser>> {
    const { items, total } = await this.users.list(page);
    return { data: items.map(toPublicUser), page: pageInfo(page, total) };
  }

  async getById(id: number): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (user === undefined) throw new NotFoundError(`User ${id} does not exist`);
    return toPublicUser(user);
  }
}
