import { field } from '../../core/http/fields';
import { idField, idParams } from '../../core/http/id-param';
import { pageQuery } from '../../core/http/pagination';
import { atLeastOneOf, contract } from '../../core/http/validate';
import { POST_STATUSES } from './posts.mapper';

const postBody = {
  title: field.string({ min: 1, max: 200, trim: true }),
  body: field.string({ min: 1, max: 50_000 }),
  status: field.oneOf(POST_STATUSES).default('draft'),
};

const postChanges = {
  title: postBody.title.optional(),
  body: postBody.body.optional(),
  status: field.oneOf(POST_STATUSES).optional(),
};

export const listPosts = contract({ query: pageQuery });

/**
 * `GET /users/:userId/posts`. `userId` belongs to the parent router's path and reaches this
 * router through mergeParams; this router declares it anyway, because its handler reads it:
 * each route's contract says everything that route accepts.
 */
export const postsByAuthor = contract({ params: { userId: idField('userId') }, query: pageQuery });

export const postById = contract({ params: idParams });

export const createPost = contract({ body: postBody });

export const updatePost = contract({
  params: idParams,
  body: postChanges,
  rules: [atLeastOneOf(postChanges, ['title', 'body', 'status'])],
});
