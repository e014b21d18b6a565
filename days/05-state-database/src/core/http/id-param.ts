import { param } from 'express-validator';

/** `:id` must be a positive integer; anything else is a 400 before any lookup. */
export function idParam(name = 'id') {
  return param(name)
    .isInt({ min: 1, max: Number.MAX_SAFE_INTEGER })
    .withMessage(`${name} must be a positive whole number`)
    .toInt();
}
