import { body } from 'express-validator';
import type { RequestSchema } from '../../core/http/legacy-validate';
import { nameField, newPasswordField } from '../users/users.validation';

export interface RegisterDto {
  email: string;
  password: string;
  name: string;
}

export interface LoginDto {
  email: string;
  password: string;
}

export interface RefreshDto {
  refreshToken: string;
}

/** Emails compare case-insensitively; storing them lower-cased keeps lookups exact. */
function emailField() {
  return body('email')
    .isString()
    .withMessage('email must be a string')
    .bail()
    .trim()
    .toLowerCase()
    .isEmail()
    .withMessage('email must be an email address')
    .isLength({ max: 254 })
    .withMessage('email must be at most 254 characters long');
}

// Only these fields are read (see `validated`): a `role` in the body is ignored, never assigned.
export const registerSchema: RequestSchema = {
  body: [emailField(), newPasswordField('password', false), nameField(false)],
};

// Login checks presence and type only: the password rules apply when one is chosen, and
// revealing them here would help nobody but a guesser.
export const loginSchema: RequestSchema = {
  body: [
    body('email').isString().withMessage('email must be a string').bail().trim().toLowerCase(),
    body('password')
      .isString()
      .withMessage('password must be a string')
      .bail()
      .isLength({ min: 1, max: 1024 })
      .withMessage('password must be 1 to 1024 characters long'),
  ],
};

export const refreshSchema: RequestSchema = {
  body: [
    body('refreshToken')
      .isString()
      .withMessage('refreshToken must be a string')
      .bail()
      .isLength({ min: 1, max: 512 })
      .withMessage('refreshToken must be 1 to 512 characters long'),
  ],
};
