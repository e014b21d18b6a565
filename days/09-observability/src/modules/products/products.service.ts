import { NotFoundError, PreconditionFailedError } from '../../core/errors/app-error';
import { type PageRequest, type Paginated, pageInfo } from '../../core/http/pagination';
import type { Product } from './products.mapper';
import type { ProductInput, ProductsRepository } from './products.repository';

/**
 * Business rules for products, with no Express types: it speaks in AppErrors ("this product
 * does not exist"), never in status codes or responses. The error handler does the mapping,
 * of the repository's storage errors too: the service lets them pass, untranslated.
 */
export class ProductsService {
  constructor(private readonly products: ProductsRepository) {}

  async list(page: PageRequest): Promise<Paginated<Product>> {
    const { items, total } = await this.products.list(page);
    return { data: items, page: pageInfo(page, total) };
  }

  async search(text: string): Promise<{ data: Product[] }> {
    return { data: await this.products.search(text) };
  }

  async get(id: number): Promise<Product> {
    const product = await this.products.findById(id);
    if (product === undefined) throw new NotFoundError('The product does not exist');
    return product;
  }

  /** A taken name is the repository's UniqueViolationError, which the error handler maps. */
  async create(input: ProductInput): Promise<Product> {
    return this.products.create(input);
  }

  /**
   * `precondition`, when given, is asked about the product as stored at the moment of the
   * write (the client's If-Match, say): false refuses the change with 412 and writes nothing.
   */
  async update(
    id: number,
    changes: Partial<ProductInput>,
    precondition?: (current: Product) => boolean,
  ): Promise<Product> {
    const check =
      precondition &&
      ((current: Product) => {
        if (!precondition(current)) {
          throw new PreconditionFailedError(
            'The product has changed since you read it: read it again and reapply your change',
          );
        }
      });
    const product = await this.products.update(id, changes, check);
    if (product === undefined) throw new NotFoundError('The product does not exist');
    return product;
  }

  async delete(id: number): Promise<void> {
    if (!(await this.products.delete(id))) throw new NotFoundError('The product does not exist');
  }
}
