import { type StringOptions, field } from '../../core/http/fields';
import { contract } from '../../core/http/validate';
import { nameField, newPasswordField } from '../users/users.validation';

/** Emails compare case-insensitively; storing them lower-cased keeps lookups exact. */
const email: StringOptions = { trim: true, lowercase: true, max: 254 };

// Only these fields are read (see `validated`): a `role` in the body is ignored, never assigned.
export const register = contract({
  body: {
    email: field.string({ ...email, format: 'email' }),
    password: newPasswordField,
    name: nameField,
  },
});

// Login checks presence, type and size only: the password rules apply when one is chosen, and
// revealing them here would help nobody but a guesser.
export const login = contract({
  body: { email: field.string(email), password: field.string({ min: 1, max: 1024 }) },
});

const refreshToken = field.string({ min: 1, max: 512 });

export const refresh = contract({ body: { refreshToken } });

export const logout = contract({ body: { refreshToken } });
