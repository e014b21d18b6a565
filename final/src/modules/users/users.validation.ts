import { body } from 'express-validator';
import { passwordPolicyProblem } from '../../config';
import { idParam } from '../../core/http/id-param';
import { paginationQuery } from '../../core/http/pagination';
import type { RequestSchema } from '../../core/http/legacy-validate';
import { ROLES, type Role } from '../../core/security/permissions';

export interface UpdateProfileDto {
  name?: string;
  password?: string;
  currentPassword?: string;
}

export interface ChangeRoleDto {
  role: Role;
}

export function nameField(optional: boolean) {
  const chain = body('name');
  return (optional ? chain.optional() : chain)
    .isString()
    .withMessage('name must be a string')
    .bail()
    .trim()
    .isLength({ min: 1, max: 100 })
    .withMessage('name must be 1 to 100 characters long');
}

/** The password rule shared with ADMIN_PASSWORD (length, and the 72-byte bcrypt limit). */
export function newPasswordField(field: string, optional: boolean) {
  const chain = body(field);
  return (optional ? chain.optional() : chain)
    .isString()
    .withMessage(`${field} must be a string`)
    .bail()
    .custom((value: string) => {
      const problem = passwordPolicyProblem(value);
      if (problem) throw new Error(`${field} ${problem}`);
      return true;
    });
}

export const updateProfileSchema: RequestSchema = {
  body: [
    nameField(true),
    newPasswordField('password', true),
    body('currentPassword')
      .if(body('password').exists())
      .isString()
      .withMessage('currentPassword is required to change the password'),
    body()
      .custom(
        (value: Record<string, unknown>) =>
          value.name !== undefined || value.password !== undefined,
      )
      .withMessage('send name, password or both'),
  ],
};

export const listUsersSchema: RequestSchema = { query: paginationQuery() };

export const userIdSchema: RequestSchema = { params: [idParam()] };

export const changeRoleSchema: RequestSchema = {
  params: [idParam()],
  body: [
    body('role')
      .isIn(ROLES)
      .withMessage(`role must be one of ${ROLES.join(', ')}`),
  ],
};
