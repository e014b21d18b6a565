import { field } from './fields';

/** A row id in a path (`/products/:id`): a positive whole number, or a 400 before any lookup. */
export function idField(name = 'id') {
  return field.integer({
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    message: `${name} must be a positive whole number`,
  });
}

/** The path parameters of a route addressed by `:id`. */
export const idParams = { id: idField() };
