import request from 'supertest';
import { createApp } from '../src/app';
import { UniqueConstraintError } from '../src/core/db/database';
import { ConflictError } from '../src/core/errors/app-error';
import { SqliteProductsRepository } from '../src/modules/products/products.repository';
import { ProductsService } from '../src/modules/products/products.service';
import { manualClock, testDatabase, testDeps } from './helpers';

describe('a duplicate product name is a business error: 409 Conflict', () => {
  it('answers 409 when creating a product whose name exists (any letter case)', async () => {
    const res = await request(createApp(testDeps()))
      .post('/api/v1/products')
      .send({ name: 'laptop STAND', priceCents: 100 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      title: 'Conflict',
      detail: 'A product with this name already exists',
    });
  });

  it('answers 409 when renaming a product to the name of another', async () => {
    const res = await request(createApp(testDeps()))
      .patch('/api/v1/products/1')
      .send({ name: 'USB-C hub' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('A product with this name already exists');
  });

  it('lets a product keep its own name', async () => {
    await request(createApp(testDeps()))
      .patch('/api/v1/products/1')
      .send({ name: 'Mechanical keyboard', priceCents: 9900 })
      .expect(200);
  });

  it('translates the storage error in the service, so no caller sees UniqueConstraintError', async () => {
    const repository = new SqliteProductsRepository(testDatabase(), manualClock());
    jest.spyOn(repository, 'create').mockRejectedValue(new UniqueConstraintError());
    const service = new ProductsService(repository);
    await expect(service.create({ name: 'x', description: '', priceCents: 1 })).rejects.toThrow(
      ConflictError,
    );
  });

  it('lets other storage failures through untouched', async () => {
    const repository = new SqliteProductsRepository(testDatabase(), manualClock());
    const failure = new Error('disk full');
    jest.spyOn(repository, 'update').mockRejectedValue(failure);
    await expect(new ProductsService(repository).update(1, { priceCents: 1 })).rejects.toBe(
      failure,
    );
  });
});
