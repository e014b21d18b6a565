import { passwordPolicyProblem } from '../../config';
import { field } from '../../core/http/fields';
import { idField } from '../../core/http/id-param';
import { pageQuery } from '../../core/http/pagination';
import { atLeastOneOf, contract, rule } from '../../core/http/validate';
import { ROLES } from '../../core/security/permissions';

export const nameField = field.string({ min: 1, max: 100, trim: true });

/** The password rule shared with ADMIN_PASSWORD (length, and the 72-byte bcrypt limit). */
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

export const listUsers = contract({ query: pageQuery });

/** The path parameters of `/users/:userId` and the routes below it. */
const userParams = { userId: idField('userId') };

/** `GET` and `DELETE /users/:userId`: a positive whole number, or a 400 before any lookup. */
export const userById = contract({ params: userParams });

export const changeRole = contract({ params: userParams, body: { role: field.oneOf(ROLES) } });
