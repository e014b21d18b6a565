import {
  type OpenApiPaths,
  apiOperation,
  emptyResponse,
  headerRef,
  jsonResponse,
  pageOf,
  schemaRef,
} from '../../core/http/openapi';
import { POST_STATUSES } from './posts.mapper';
import { createPost, listPosts, postById, postsByAuthor, updatePost } from './posts.validation';

const tag = 'posts';
const notFound = "No post with this id, or it is someone else's draft";
const owner = 'Only its author or an admin may change a post';

export const postsSchemas = {
  Post: {
    type: 'object',
    required: ['id', 'title', 'body', 'status', 'authorId', 'createdAt', 'updatedAt'],
    additionalProperties: false,
    properties: {
      id: schemaRef('Id'),
      title: { type: 'string', examples: ['Hello'] },
      body: { type: 'string', examples: ['First post.'] },
      status: { type: 'string', enum: [...POST_STATUSES] },
      authorId: schemaRef('Id'),
      createdAt: schemaRef('Timestamp'),
      updatedAt: schemaRef('Timestamp'),
    },
  },
};

/** The routes of posts.routes.ts, relative to its mount point (/api/v1/posts). */
export const postsPaths: OpenApiPaths = {
  '/': {
    get: apiOperation('get', {
      tag,
      operationId: 'listPosts',
      summary: "List published posts, plus the caller's own drafts when a token is sent",
      contract: listPosts,
      auth: 'optional',
      responses: {
        '200': jsonResponse('A page of posts, newest first', pageOf(schemaRef('Post'))),
      },
    }),
    post: apiOperation('post', {
      tag,
      operationId: 'createPost',
      summary: 'Create a post (any signed-in user; the author is the caller)',
      contract: createPost,
      auth: 'bearer',
      forbidden: "The caller's role lacks posts:create",
      responses: {
        '201': jsonResponse('The new post', schemaRef('Post'), { Location: headerRef('Location') }),
      },
    }),
  },
  '/:id': {
    get: apiOperation('get', {
      tag,
      operationId: 'getPost',
      summary: 'One post (a draft only for its author and admins)',
      contract: postById,
      auth: 'optional',
      notFound,
      responses: { '200': jsonResponse('The post', schemaRef('Post')) },
    }),
    patch: apiOperation('patch', {
      tag,
      operationId: 'updatePost',
      summary: 'Change a post (its author or an admin)',
      description:
        'The ownership check runs before the body is validated: a caller who may not change the post gets 403 (or 404) whatever it sent.',
      contract: updatePost,
      auth: 'bearer',
      forbidden: owner,
      notFound,
      responses: { '200': jsonResponse('The post as it is now', schemaRef('Post')) },
    }),
    delete: apiOperation('delete', {
      tag,
      operationId: 'deletePost',
      summary: 'Delete a post (its author or an admin)',
      contract: postById,
      auth: 'bearer',
      forbidden: owner,
      notFound,
      responses: { '204': emptyResponse('Deleted') },
    }),
  },
};

/** The route of userPostsRouter, relative to its mount point (/api/v1/users/:userId/posts). */
export const userPostsPaths: OpenApiPaths = {
  '/': {
    get: apiOperation('get', {
      tag,
      operationId: 'listPostsByAuthor',
      summary: "An author's published posts, plus their drafts for the author and moderators",
      description:
        'Whether a user exists is told only to that user and to callers with users:read: for anyone else an unknown id is an empty page, like an author with nothing published.',
      contract: postsByAuthor,
      auth: 'optional',
      notFound: 'No user with this id (answered only to the user themself and to admins)',
      responses: {
        '200': jsonResponse(
          "A page of the author's posts, newest first",
          pageOf(schemaRef('Post')),
        ),
      },
    }),
  },
};
