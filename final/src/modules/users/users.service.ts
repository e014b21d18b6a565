import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors/app-error';
import { UniqueViolationError } from '../../core/db/errors';
import { type PageRequest, type Paginated, pageInfo } from '../../core/http/pagination';
import type { Logger } from '../../core/logging/logger';
import type { AuthenticatedUser } from '../../core/security/authenticate';
import type { PasswordHasher } from '../../core/security/password-hasher';
import type { Role } from '../../core/security/permissions';
import { type PublicUser, toPublicUser } from './users.mapper';
import { canViewUser } from './users.policy';
import type { UsersRepository } from './users.repository';

export interface ProfileChanges {
  readonly name?: string;
  readonly password?: string;
  readonly currentPassword?: string;
}

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly logger: Logger,
  ) {}

  async getProfile(userId: number): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (user === undefined) throw notFound(userId);
    return toPublicUser(user);
  }

  /** Changing the password needs the current one and signs out every other session. */
  async updateProfile(userId: number, changes: ProfileChanges): Promise<PublicUser> {
    const user = await this.users.findById(userId);
    if (user === undefined) throw notFound(userId);

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
      if (!(await this.passwords.verify(changes.currentPassword, user.passwordHash))) {
        throw new ForbiddenError('The current password is incorrect');
      }
      passwordHash = await this.passwords.hash(changes.password);
    }

    const updated = await this.users.update(userId, { name: changes.name, passwordHash });
    if (updated === undefined) throw notFound(userId);
    if (passwordHash !== undefined)
      this.logger.info('password changed, sessions revoked', { userId });
    return toPublicUser(updated);
  }

  async list(page: PageRequest): Promise<Paginated<PublicUser>> {
    const { items, total } = await this.users.list(page);
    return { data: items.map(toPublicUser), page: pageInfo(page, total) };
  }

  async getById(actor: AuthenticatedUser, id: number): Promise<PublicUser> {
    // Policy first: a non-admin learns nothing about which ids exist.
    if (!canViewUser(actor, id)) throw new ForbiddenError();
    const user = await this.users.findById(id);
    if (user === undefined) throw notFound(id);
    return toPublicUser(user);
  }

  /**
   * 404 when `id` names no user, told only to a caller the policy lets view that user (as
   * getById): to anyone else an unknown id looks like a user with nothing to show, so a public
   * route below a user (their posts) does not reveal which ids exist either.
   */
  async checkExists(viewer: AuthenticatedUser | undefined, id: number): Promise<void> {
    if (viewer === undefined || !canViewUser(viewer, id)) return;
    if ((await this.users.findById(id)) === undefined) throw notFound(id);
  }

  async changeRole(actor: AuthenticatedUser, id: number, role: Role): Promise<PublicUser> {
    const result = await this.users.changeRole(id, role);
    if (!result.ok) throw this.guardError(result.reason, id, 'demote');
    this.logger.info('role changed', { by: actor.id, userId: id, role });
    return toPublicUser(result.value);
  }

  async delete(actor: AuthenticatedUser, id: number): Promise<void> {
    const result = await this.users.delete(id);
    if (!result.ok) throw this.guardError(result.reason, id, 'delete');
    this.logger.info('user deleted', { by: actor.id, userId: id });
  }

  /**
   * Start-up bootstrap: creates the configured admin when no admin exists. An existing
   * non-admin account with that email is never promoted: whoever registered it knows its
   * password, and promoting it would hand them the admin role.
   */
  async ensureAdmin(admin: {
    email: string;
    password: string;
  }): Promise<'created' | 'exists' | 'email-taken'> {
    if ((await this.users.countAdmins()) > 0) return 'exists';
    if ((await this.users.findByEmail(admin.email)) !== undefined) return 'email-taken';
    const passwordHash = await this.passwords.hash(admin.password);
    try {
      await this.users.create(
        { email: admin.email, name: 'Administrator', passwordHash, role: 'admin' },
        { welcome: false },
      );
    } catch (error) {
      // Instances started together all found no admin, and the unique email let exactly one
      // of them create it (or someone registered the address in between): not a start-up
      // failure, as long as an admin now exists.
      if (!(error instanceof UniqueViolationError)) throw error;
      return (await this.users.countAdmins()) > 0 ? 'exists' : 'email-taken';
    }
    return 'created';
  }

  private guardError(reason: 'not-found' | 'last-admin', id: number, action: string): Error {
    return reason === 'not-found'
      ? notFound(id)
      : new ConflictError(`Cannot ${action} the last admin`);
  }
}

function notFound(id: number): NotFoundError {
  return new NotFoundError(`User ${id} does not exist`);
}
