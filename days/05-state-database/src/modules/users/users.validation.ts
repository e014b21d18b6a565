import { idField } from '../../core/http/id-param';
import { contract } from '../../core/http/validate';

/** `GET /users/:userId`: a positive whole number, or a 400 before any lookup. */
export const userById = contract({ params: { userId: idField('userId') } });
