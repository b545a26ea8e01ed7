import { z } from "zod";
import { MAX_IMAGE_BYTES } from "@/lib/catalogue/image";
import { MAX_IMPORT_ROWS } from "@/lib/catalogue/import";
import { adminProductSchema, productCreateSchema, productListQuerySchema, productUpdateSchema, publicProductSchema } from "@/lib/catalogue/schemas";
import { adminBodyErrors, adminErrors, body, errors, file, headers, idParam, json, ok, queryParameters, ref, SECURITY, type ApiDomain } from "./common";
import { importRejectedSchema, importReportSchema, productResponseSchema } from "./schemas";

// The catalogue: what shoppers read (active products) and what admins manage (docs: README "Catalogue").

const page = { total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), pageCount: z.number().int() };
const TAG = ["Products"];
const ADMIN_TAG = ["Admin: catalogue"];
const IMAGE_BODY = {
  required: true,
  description: `At most ${MAX_IMAGE_BYTES / 1024 / 1024} MB; PNG, JPEG, WebP, GIF or AVIF; stored re-encoded as WebP`,
  content: {
    "multipart/form-data": { schema: { type: "object", properties: { image: { type: "string", contentMediaType: "application/octet-stream" } } } },
    "image/*": { schema: { type: "string", contentMediaType: "image/*" } },
    "application/octet-stream": { schema: { type: "string" } },
  },
};

export const catalogueDomain: ApiDomain = {
  tags: [
    { name: "Products", description: "The shop's active products" },
    { name: "Admin: catalogue", description: "Create, edit, import products and their pictures (admins)" },
  ],
  requests: { ProductCreate: productCreateSchema, ProductUpdate: productUpdateSchema },
  responses: {
    Product: publicProductSchema,
    ProductResponse: productResponseSchema,
    ProductList: z.object({ products: z.array(publicProductSchema), ...page }),
    AdminProduct: adminProductSchema,
    AdminProductResponse: z.object({ product: adminProductSchema }),
    AdminProductList: z.object({ products: z.array(adminProductSchema), ...page }),
    ImportReport: importReportSchema,
    ImportRejected: importRejectedSchema,
  },
  descriptions: {
    ProductCreate: "Send `price` (\"12.50\" or 12.5, in the currency's main unit) or `priceCents`, not both disagreeing. Unknown fields are refused.",
    ProductUpdate: "Only the fields sent change; at least one.",
    ImportRejected: "Nothing was imported: the error envelope plus the report naming every rejected row.",
  },
  paths: {
    "/api/products": {
      get: {
        tags: TAG,
        operationId: "listProducts",
        summary: "Search active products",
        description: "`q` searches name, description and SKU; `class` filters by the detector class a product sells for; `page` is 1-based.",
        security: SECURITY.anyone,
        parameters: queryParameters(productListQuerySchema),
        responses: { 200: ok("A page of products", "ProductList"), ...errors(422, 429) },
      },
    },
    "/api/products/{id}": {
      get: {
        tags: TAG,
        operationId: "getProduct",
        summary: "A product of the shop (active products only)",
        security: SECURITY.anyone,
        parameters: [idParam("product")],
        responses: { 200: ok("The product", "ProductResponse"), ...errors(404, 429) },
      },
    },
    "/api/products/{id}/image": {
      get: {
        tags: TAG,
        operationId: "getProductImage",
        summary: "The product's picture (WebP); inactive products' only for admins",
        security: SECURITY.anyone,
        parameters: [idParam("product")],
        responses: {
          200: file("The image", ["image/webp"], headers({ ETag: "Changes when the image changes (the URL does not)", "Cache-Control": "public for active products" })),
          304: { description: "Not modified (If-None-Match)" },
          ...errors(404, 429),
        },
      },
    },
    "/api/admin/products": {
      get: {
        tags: ADMIN_TAG,
        operationId: "adminListProducts",
        summary: "Search all products, inactive ones included",
        security: SECURITY.admin,
        parameters: queryParameters(productListQuerySchema),
        responses: { 200: ok("A page of products", "AdminProductList"), ...adminErrors(422) },
      },
      post: {
        tags: ADMIN_TAG,
        operationId: "createProduct",
        summary: "Create a product",
        security: SECURITY.admin,
        ...body("ProductCreate", { example: { sku: "MUG-ENM-01", name: "Enamel camping mug", price: "14.50", currency: "EUR", stock: 40, itemName: "cup" } }),
        responses: { 201: ok("Created", "AdminProductResponse"), ...adminBodyErrors(409) },
      },
    },
    "/api/admin/products/{id}": {
      get: { tags: ADMIN_TAG, operationId: "adminGetProduct", summary: "One product, active or not", security: SECURITY.admin, parameters: [idParam("product")], responses: { 200: ok("The product", "AdminProductResponse"), ...adminErrors(404) } },
      patch: {
        tags: ADMIN_TAG,
        operationId: "updateProduct",
        summary: "Change some of a product's fields",
        security: SECURITY.admin,
        parameters: [idParam("product")],
        ...body("ProductUpdate", { example: { stock: 12, active: true } }),
        responses: { 200: ok("The product after the change", "AdminProductResponse"), ...adminBodyErrors(404, 409) },
      },
      delete: {
        tags: ADMIN_TAG,
        operationId: "deleteProduct",
        summary: "Delete a product (refused while orders name it: deactivate it instead)",
        security: SECURITY.admin,
        parameters: [idParam("product")],
        responses: { 204: { description: "Deleted" }, ...adminErrors(404, 409) },
      },
    },
    "/api/admin/products/{id}/image": {
      post: {
        tags: ADMIN_TAG,
        operationId: "setProductImage",
        summary: "Upload the product's picture (multipart field `image`, or the raw image as the body)",
        security: SECURITY.admin,
        parameters: [idParam("product")],
        requestBody: IMAGE_BODY,
        responses: { 200: ok("The product with its new imageUrl", "AdminProductResponse"), ...adminErrors(400, 404, 413, 415, 422) },
      },
      delete: {
        tags: ADMIN_TAG,
        operationId: "removeProductImage",
        summary: "Remove the product's picture",
        security: SECURITY.admin,
        parameters: [idParam("product")],
        responses: { 200: ok("The product without a picture", "AdminProductResponse"), ...adminErrors(404) },
      },
    },
    "/api/admin/products/import": {
      post: {
        tags: ADMIN_TAG,
        operationId: "importProducts",
        summary: "Import products from CSV or JSON (all rows or none)",
        description: `Rows are matched by SKU: new SKUs are created, known ones updated. At most ${MAX_IMPORT_ROWS} rows and 2 MiB. Any rejected row → 422 and nothing is written. A JSON export's read-only keys (id, imageUrl, inStock, createdAt, updatedAt) are ignored.`,
        security: SECURITY.admin,
        requestBody: {
          required: true,
          content: {
            "text/csv": { schema: { type: "string" }, example: "sku,name,price,currency,stock,item_name\nMUG-ENM-01,Enamel camping mug,14.50,EUR,40,cup" },
            "application/json": {
              schema: { anyOf: [{ type: "array", items: ref("ProductCreate") }, { type: "object", properties: { products: { type: "array", items: ref("ProductCreate") } }, required: ["products"] }] },
            },
          },
        },
        responses: {
          200: ok("Imported", "ImportReport"),
          422: { description: "Rows were rejected (nothing imported), or the file has no rows", ...json({ anyOf: [ref("ImportRejected"), ref("Error")] }) },
          ...adminErrors(413, 415),
        },
      },
    },
  },
};
