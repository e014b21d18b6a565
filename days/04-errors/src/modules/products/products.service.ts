import { NotFoundError } from '../../core/errors/app-error';
import { type PageRequest, type Paginated, pageInfo } from '../../core/http/pagination';
import type { Product, ProductInput, ProductsRepository } from './products.repository';

/**
 * Business rules for products, with no Express types: it speaks in AppErrors ("this product
 * does not exist"), never in status codes or responses. The error handler does the mapping.
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

  async create(input: ProductInput): Promise<Product> {
    // TODO(exercise 4.3): a duplicate name makes the repository throw UniqueConstraintError,
    // which the error handler does not know: the client gets a 500. Translate it into the
    // business error it is (a 409 ConflictError, 'A product with this name already exists').
    return this.products.create(input);
  }

  async update(id: number, changes: Partial<ProductInput>): Promise<Product> {
    // TODO(exercise 4.3): same for a rename to a name another product has.
    const product = await this.products.update(id, changes);
    if (product === undefined) throw new NotFoundError('The product does not exist');
    return product;
  }

  async delete(id: number): Promise<void> {
    if (!(await this.products.delete(id))) throw new NotFoundError('The product does not exist');
  }
}
