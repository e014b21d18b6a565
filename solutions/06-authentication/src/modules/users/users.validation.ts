import { field } from '../../core/http/fields';
import { idField } from '../../core/http/id-param';
import { pageQuery } from '../../core/http/pagination';
import { atLeastOneOf, contract, rule } from '../../core/http/validate';

/** `GET /users/:userId`: a positive whole number, or a 400 before any lookup. */
export const userById = contract({ params: { userId: idField('userId') } });

export const listUsers = contract({ query: pageQuery });

export const nameField = field.string({ min: 1, max: 100, trim: true });

/**
 * bcrypt reads only the first 72 bytes of a password, in UTF-8. Accepting a longer one would
 * silently make its tail meaningless, so it is refused instead of truncated.
 */
export function passwordPolicyProblem(password: string): string | undefined {
  if (Buffer.byteLength(password, 'utf8') > 72) return 'must not exceed 72 bytes in UTF-8';
  return undefined;
}

export const newPasswordField = field.string({ min: 12, max: 128, check: passwordPolicyProblem });

const profileChanges = {
  name: nameField.optional(),
  password: newPasswordField.optional(),
  currentPassword: field.string({ min: 1, max: 1024 }).optional(),
};

export const updateProfile = contract({
  body: profileChanges,
  rules: [
    atLeastOneOf(profileChanges, ['name', 'password']),
    rule('body', profileChanges, {
      field: 'currentPassword',
      message: 'currentPassword is required to change the password',
      holds: ({ password, currentPassword }) =>
        password === undefined || currentPassword !== undefined,
    }),
  ],
});
