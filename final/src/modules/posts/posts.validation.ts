import { body } from 'express-validator';
import { idParam } from '../../core/http/id-param';
import { paginationQuery } from '../../core/http/pagination';
import type { RequestSchema } from '../../core/http/legacy-validate';
import { POST_STATUSES, type PostStatus } from './posts.mapper';

export interface CreatePostDto {
  title: string;
  body: string;
  status: PostStatus;
}

function postFields(optional: boolean) {
  const field = (name: string) => (optional ? body(name).optional() : body(name));
  return [
    field('title')
      .isString()
      .withMessage('title must be a string')
      .bail()
      .trim()
      .isLength({ min: 1, max: 200 })
      .withMessage('title must be 1 to 200 characters long'),
    field('body')
      .isString()
      .withMessage('body must be a string')
      .bail()
      .isLength({ min: 1, max: 50_000 })
      .withMessage('body must be 1 to 50000 characters long'),
    (optional ? body('status').optional() : body('status').default('draft'))
      .isIn(POST_STATUSES)
      .withMessage(`status must be one of ${POST_STATUSES.join(', ')}`),
  ];
}

export const listPostsSchema: RequestSchema = { query: paginationQuery() };
export const postIdSchema: RequestSchema = { params: [idParam()] };
export const createPostSchema: RequestSchema = { body: postFields(false) };
export const updatePostSchema: RequestSchema = {
  params: [idParam()],
  body: [
    ...postFields(true),
    body()
      .custom((value: Record<string, unknown>) =>
        ['title', 'body', 'status'].some((key) => value[key] !== undefined),
      )
      .withMessage('send at least one of title, body, status'),
  ],
};
