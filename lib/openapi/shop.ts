import { addItemSchema, cartResponseSchema, checkoutResponseSchema, checkoutSchema, orderJsonSchema, setQuantitySchema } from "@/lib/shop/schemas";
import { z } from "zod";
import { errors, json, ref, SECURITY, type ApiDomain, type ErrorStatus } from "./common";

// The cart, checkout and order endpoints for the OpenAPI document (prose in docs/shop.md).

const REQUESTS = { AddCartItem: addItemSchema, SetCartQuantity: setQuantitySchema, CheckoutRequest: checkoutSchema };
const RESPONSES = {
  CartResponse: cartResponseSchema,
  Order: orderJsonSchema,
  OrderResponse: z.object({ order: orderJsonSchema }),
  OrderList: z.object({ orders: z.array(orderJsonSchema) }),
  CheckoutResponse: checkoutResponseSchema,
};

const E = errors(400, 401, 404, 409, 413, 422, 429, 500) as Record<ErrorStatus, object>;
const SHOPPER = SECURITY.shopper;
const productIdParam = { name: "productId", in: "path", required: true, description: "The product's id", schema: { type: "integer", minimum: 1 } };
const publicIdParam = { name: "publicId", in: "path", required: true, description: "The order's public id", schema: { type: "string" } };
const TAG = ["Shop"];
const CART_NOTE = "Anonymous shoppers are identified by the httpOnly `fc_cart` cookie (set on the first add); signed-in shoppers by their session or API token.";

export const shopDomain: ApiDomain = {
  tags: [{ name: "Shop", description: "Cart, checkout and orders (see docs/shop.md)" }],
  requests: REQUESTS,
  responses: RESPONSES,
  paths: {
    "/api/cart": {
      get: { tags: TAG, operationId: "getCart", summary: "The current shopper's cart", description: CART_NOTE, security: SHOPPER, responses: { 200: { description: "The cart", ...json(ref("CartResponse")) }, 429: E[429] } },
    },
    "/api/cart/items": {
      post: {
        tags: TAG,
        operationId: "addCartItem",
        summary: "Add a product (with the video and click that led to it)",
        description: `${CART_NOTE} Quantities are capped by stock (then \`notice\` says so). Every add is recorded for the funnel.`,
        security: SHOPPER,
        requestBody: { required: true, ...json(ref("AddCartItem")) },
        responses: { 201: { description: "The cart after the add", ...json(ref("CartResponse")) }, 400: E[400], 404: E[404], 409: E[409], 413: E[413], 422: E[422], 429: E[429] },
      },
    },
    "/api/cart/items/{productId}": {
      patch: {
        tags: TAG,
        operationId: "setCartItemQuantity",
        summary: "Set a line's quantity (0 removes it)",
        security: SHOPPER,
        parameters: [productIdParam],
        requestBody: { required: true, ...json(ref("SetCartQuantity")) },
        responses: { 200: { description: "The cart", ...json(ref("CartResponse")) }, 400: E[400], 404: E[404], 409: E[409], 422: E[422], 429: E[429] },
      },
      delete: {
        tags: TAG,
        operationId: "removeCartItem",
        summary: "Remove a line",
        security: SHOPPER,
        parameters: [productIdParam],
        responses: { 200: { description: "The cart", ...json(ref("CartResponse")) }, 404: E[404], 429: E[429] },
      },
    },
    "/api/checkout": {
      post: {
        tags: TAG,
        operationId: "checkout",
        summary: "Place a pending order from the cart and get where to pay",
        description: "Stock and currency are checked now; stock is taken when the payment succeeds. `email` is required when not signed in.",
        security: SHOPPER,
        requestBody: { required: true, ...json(ref("CheckoutRequest")) },
        responses: { 201: { description: "Order placed", ...json(ref("CheckoutResponse")) }, 400: E[400], 409: E[409], 422: E[422], 429: E[429], 500: E[500] },
      },
    },
    "/api/orders": {
      get: { tags: TAG, operationId: "listMyOrders", summary: "The signed-in shopper's orders, newest first", security: [{ sessionCookie: [] }, { bearerAuth: [] }], responses: { 200: { description: "Orders", ...json(ref("OrderList")) }, 401: E[401], 429: E[429] } },
    },
    "/api/orders/{publicId}": {
      get: { tags: TAG, operationId: "getOrder", summary: "One order by its unguessable public id", security: [{}], parameters: [publicIdParam], responses: { 200: { description: "The order", ...json(ref("OrderResponse")) }, 404: E[404], 429: E[429] } },
    },
  },
};
