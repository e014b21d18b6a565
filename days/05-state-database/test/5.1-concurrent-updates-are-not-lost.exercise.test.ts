import { SqliteProductsRepository } from '../src/modules/products/products.repository';
import { ProductsService } from '../src/modules/products/products.service';
import { manualClock, testDatabase } from './helpers';

function repository() {
  return new SqliteProductsRepository(testDatabase(), manualClock());
}

describe('exercise 5.1: concurrent updates of one product are not lost', () => {
  it('keeps both changes when two updates of different fields run at the same time', async () => {
    const products = repository();
    // Both start before either finishes, as two PATCH requests do on one event loop.
    await Promise.all([
      products.update(2, { priceCents: 3900 }),
      products.update(2, { description: 'Aluminium, now with a cable tray' }),
    ]);
    expect(await products.findById(2)).toMatchObject({
      priceCents: 3900,
      description: 'Aluminium, now with a cable tray',
    });
  });

  it('keeps every change of many concurrent updates through the service', async () => {
    const service = new ProductsService(repository());
    await Promise.all([
      service.update(1, { name: 'Split keyboard' }),
      service.update(1, { description: 'Two halves' }),
      service.update(1, { priceCents: 18900 }),
    ]);
    expect(await service.get(1)).toMatchObject({
      name: 'Split keyboard',
      description: 'Two halves',
      priceCents: 18900,
    });
  });

  it('does not resurrect a product deleted while an update was in flight', async () => {
    const products = repository();
    await Promise.all([products.update(3, { priceCents: 1 }), products.delete(3)]);
    expect(await products.findById(3)).toBeUndefined();
  });

  it('still returns the updated product, and undefined for a missing one', async () => {
    const products = repository();
    expect(await products.update(4, { priceCents: 19900 })).toMatchObject({
      id: 4,
      name: 'Noise-cancelling headphones',
      priceCents: 19900,
    });
    expect(await products.update(99, { priceCents: 1 })).toBeUndefined();
  });
});
