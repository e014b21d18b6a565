import { ForbiddenError, NotFoundError } from '../../core/errors/app-error';
import { type PageRequest, type Paginated, pageInfo } from '../../core/http/pagination';
import type { AuthenticatedUser } from '../../core/security/authenticate';
import type { Post } from './posts.mapper';
import { canModifyPost, canViewDraftsOf, canViewPost } from './posts.policy';
import type { PostInput, PostsRepository } from './posts.repository';

export class PostsService {
  constructor(private readonly posts: PostsRepository) {}

  async list(viewer: AuthenticatedUser | undefined, page: PageRequest): Promise<Paginated<Post>> {
    const { items, total } = await this.posts.listVisible(viewer?.id, page);
    return { data: items, page: pageInfo(page, total) };
  }

  /** An author's posts: the published ones, and the drafts when the policy shows them. */
  async listByAuthor(
    viewer: AuthenticatedUser | undefined,
    authorId: number,
    page: PageRequest,
  ): Promise<Paginated<Post>> {
    const includeDrafts = canViewDraftsOf(viewer, authorId);
    const { items, total } = await this.posts.listByAuthor(authorId, includeDrafts, page);
    return { data: items, page: pageInfo(page, total) };
  }

  async get(viewer: AuthenticatedUser | undefined, id: number): Promise<Post> {
    return this.findVisible(viewer, id);
  }

  /** The author is always the caller; a client cannot post in someone else's name. */
  async create(author: AuthenticatedUser, input: PostInput): Promise<Post> {
    return this.posts.create(author.id, input);
  }

  /** Throws unless `actor` may change the post: 404 if they cannot see it, else 403. */
  async authorizeChange(actor: AuthenticatedUser, id: number): Promise<void> {
    await this.findModifiable(actor, id);
  }

  async update(actor: AuthenticatedUser, id: number, changes: Partial<PostInput>): Promise<Post> {
    await this.findModifiable(actor, id);
    const post = await this.posts.update(id, changes);
    if (post === undefined) throw notFound(id);
    return post;
  }

  async delete(actor: AuthenticatedUser, id: number): Promise<void> {
    await this.findModifiable(actor, id);
    if (!(await this.posts.delete(id))) throw notFound(id);
  }

  /** Someone else's draft is a 404, not a 403: its existence is private too. */
  private async findVisible(viewer: AuthenticatedUser | undefined, id: number): Promise<Post> {
    const post = await this.posts.findById(id);
    if (post === undefined || !canViewPost(viewer, post)) throw notFound(id);
    return post;
  }

  private async findModifiable(actor: AuthenticatedUser, id: number): Promise<Post> {
    const post = await this.findVisible(actor, id);
    if (!canModifyPost(actor, post))
      throw new ForbiddenError('Only the author or an admin may change this post');
    return post;
  }
}

/** The same answer for a post that does not exist and one the caller may not see. */
function notFound(id: number): NotFoundError {
  return new NotFoundError(`Post ${id} does not exist`);
}
