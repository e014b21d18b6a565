import {
  type OpenApiPaths,
  apiOperation,
  emptyResponse,
  headerRef,
  jsonResponse,
  pageOf,
  problemResponse,
  schemaRef,
} from '../../core/http/openapi';
import {
  createProduct,
  listProducts,
  productById,
  searchProducts,
  updateProduct,
} from './products.validation';

const tag = 'products';
const notFound = 'No product with this id';
const mayNotWrite =
  "The caller's role lacks the permission (products:create, products:update or products:delete)";
const sameName = {
  '409': problemResponse('Another product has this name (names are unique, ignoring case)'),
};
const tagged = { ETag: headerRef('StrongETag') };

/** The precondition of a conditional PATCH (RFC 9110 § 13.1.1). */
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'The `ETag` of the version your change is based on (or a list of them, or `*`), compared strongly: a weak tag never matches. Without it the change is unconditional.',
  schema: { type: 'string', examples: ['"0bQ3…"'] },
};

/** A product as the API shows it. */
export const productSchemas = {
  Product: {
    type: 'object',
    required: ['id', 'name', 'description', 'priceCents', 'createdAt', 'updatedAt'],
    additionalProperties: false,
    properties: {
      id: schemaRef('Id'),
      name: { type: 'string', examples: ['Mechanical keyboard'] },
      description: { type: 'string', examples: ['Tenkeyless, brown switches'] },
      priceCents: { type: 'integer', minimum: 0, examples: [8999] },
      createdAt: schemaRef('Timestamp'),
      updatedAt: schemaRef('Timestamp'),
    },
  },
};

/** The routes of products.routes.ts, relative to its mount point (/api/v1/products). */
export const productsPaths: OpenApiPaths = {
  '/': {
    get: apiOperation('get', {
      tag,
      operationId: 'listProducts',
      summary: 'List products (public): filter, sort, paginate',
      description:
        'Served from a cache of serialized pages that any write to the products invalidates; send the (weak) ETag back in If-None-Match to get a 304.',
      contract: listProducts,
      auth: 'public',
      responses: {
        '200': jsonResponse('A page of products', pageOf(schemaRef('Product')), {
          ETag: headerRef('ETag'),
        }),
        '304': emptyResponse('Not modified: no product changed since that ETag', {
          ETag: headerRef('ETag'),
        }),
      },
    }),
    post: apiOperation('post', {
      tag,
      operationId: 'createProduct',
      summary: 'Create a product (admin, editor)',
      contract: createProduct,
      auth: 'bearer',
      forbidden: mayNotWrite,
      responses: {
        '201': jsonResponse('The new product', schemaRef('Product'), {
          Location: headerRef('Location'),
          ...tagged,
        }),
        ...sameName,
      },
    }),
  },
  '/search': {
    get: apiOperation('get', {
      tag,
      operationId: 'searchProducts',
      summary: 'Search products by name or description (public)',
      contract: searchProducts,
      auth: 'public',
      responses: {
        '200': jsonResponse('Every matching product, by id', {
          type: 'object',
          required: ['data'],
          additionalProperties: false,
          properties: { data: { type: 'array', items: schemaRef('Product') } },
        }),
      },
    }),
  },
  '/:id': {
    get: apiOperation('get', {
      tag,
      operationId: 'getProduct',
      summary: 'Get a product (public)',
      contract: productById,
      auth: 'public',
      notFound,
      responses: {
        '200': jsonResponse('The product', schemaRef('Product'), tagged),
        '304': emptyResponse(
          'Not modified: the product still has the ETag sent in If-None-Match',
          tagged,
        ),
      },
    }),
    patch: apiOperation('patch', {
      tag,
      operationId: 'updateProduct',
      summary: 'Change some fields of a product (admin, editor)',
      description:
        'Only the fields sent change. With `If-Match`, only if the product still has that ETag: the comparison and the write are one atomic step.',
      contract: updateProduct,
      headers: [ifMatch],
      auth: 'bearer',
      forbidden: mayNotWrite,
      notFound,
      responses: {
        '200': jsonResponse('The product as it is now', schemaRef('Product'), tagged),
        ...sameName,
        '412': problemResponse(
          'The product changed since the version If-Match names: nothing was changed; read it again',
        ),
      },
    }),
    delete: apiOperation('delete', {
      tag,
      operationId: 'deleteProduct',
      summary: 'Delete a product (admin)',
      contract: productById,
      auth: 'bearer',
      forbidden: mayNotWrite,
      notFound,
      responses: { '204': emptyResponse('Deleted') },
    }),
  },
};
