import { idField } from '../../core/http/id-param';
import { contract } from '../../core/http/validate';

/**
 * `GET /users/:userId/posts`. `userId` belongs to the parent router's path and reaches this
 * router through mergeParams; this router declares it anyway, because its handler reads it:
 * each route's contract says everything that route accepts.
 */
export const postsByAuthor = contract({ params: { userId: idField('userId') } });
