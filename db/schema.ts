import { relations, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const created = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const id = () => integer("id").primaryKey().generatedAlwaysAsIdentity();

// ─── accounts ────────────────────────────────────────────────────────────────
export const roleEnum = pgEnum("role", ["shopper", "admin"]);

export const users = pgTable("users", {
  id: id(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: roleEnum("role").notNull().default("shopper"),
  createdAt: created(),
});

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: created(),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

// ─── videos and analysis ─────────────────────────────────────────────────────
export const videoStatusEnum = pgEnum("video_status", ["uploaded", "processing", "ready", "failed"]);

export const videos = pgTable("videos", {
  id: id(),
  youtubeId: text("youtube_id").notNull().unique(),
  sourceUrl: text("source_url"),
  listId: text("list_id"),
  listIndex: integer("list_index"),
  title: text("title").notNull(),
  storageKey: text("storage_key").notNull(),
  originalName: text("original_name"),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  durationMs: doublePrecision("duration_ms"),
  width: integer("width"),
  height: integer("height"),
  frameCount: integer("frame_count"),
  isVfr: boolean("is_vfr"),
  codec: text("codec"),
  status: videoStatusEnum("status").notNull().default("uploaded"),
  error: text("error"),
  thumbnailKey: text("thumbnail_key"),
  /** Null while a draft: shoppers see only published videos. */
  publishedAt: timestamp("published_at", { withTimezone: true }),
  /** Whether a track without an attached product may suggest products of its class. */
  classSuggestions: boolean("class_suggestions").notNull().default(true),
  uploadedBy: integer("uploaded_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: created(),
});

/** Exact pts of every frame in display order, stored compactly: int32 little-endian tick deltas. */
export const videoTimelines = pgTable("video_timelines", {
  videoId: integer("video_id")
    .primaryKey()
    .references(() => videos.id, { onDelete: "cascade" }),
  timescale: integer("timescale").notNull(),
  startPts: bigint("start_pts", { mode: "number" }).notNull(),
  frameCount: integer("frame_count").notNull(),
  deltas: bytea("deltas").notNull(),
  createdAt: created(),
});

export const runKindEnum = pgEnum("run_kind", ["probe", "objects", "actions"]);
export const runStatusEnum = pgEnum("run_status", ["queued", "running", "succeeded", "failed", "canceled"]);

export const analysisRuns = pgTable(
  "analysis_runs",
  {
    id: id(),
    videoId: integer("video_id")
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    kind: runKindEnum("kind").notNull(),
    models: jsonb("models").$type<Record<string, string>>().notNull().default({}),
    backend: text("backend"),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    status: runStatusEnum("status").notNull().default("queued"),
    framesDone: integer("frames_done").notNull().default(0),
    framesTotal: integer("frames_total"),
    fps: real("fps"),
    etaSeconds: real("eta_seconds"),
    timings: jsonb("timings").$type<Record<string, number>>().notNull().default({}),
    error: text("error"),
    jobId: text("job_id"),
    /** The worker process running the current attempt (host:pid:nonce), and its last sign of life. */
    worker: text("worker"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    resultKey: text("result_key"),
    annotatedKey: text("annotated_key"),
    requestedBy: integer("requested_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: created(),
  },
  (t) => [index("analysis_runs_video_idx").on(t.videoId, t.createdAt)],
);

export const trackSourceEnum = pgEnum("track_source", ["auto", "manual"]);

export const tracks = pgTable(
  "tracks",
  {
    id: id(),
    videoId: integer("video_id")
      .notNull()
      .references(() => videos.id, { onDelete: "cascade" }),
    runId: integer("run_id").references(() => analysisRuns.id, { onDelete: "set null" }),
    label: text("label").notNull(),
    score: real("score").notNull().default(0),
    firstMs: doublePrecision("first_ms").notNull(),
    lastMs: doublePrecision("last_ms").notNull(),
    source: trackSourceEnum("source").notNull().default("auto"),
    /** Set when an admin changed this track (class, merge, split, boxes): a re-run keeps such tracks. */
    editedAt: timestamp("edited_at", { withTimezone: true }),
    /** Not confirmed by the analysis (lib/track/confirm.ts) or hidden by an admin: not shown to shoppers. */
    hidden: boolean("hidden").notNull().default(false),
    createdAt: created(),
  },
  (t) => [index("tracks_video_idx").on(t.videoId)],
);

export const trackBoxes = pgTable(
  "track_boxes",
  {
    trackId: integer("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    frameIndex: integer("frame_index").notNull(),
    ptsMs: doublePrecision("pts_ms").notNull(),
    x: real("x").notNull(),
    y: real("y").notNull(),
    w: real("w").notNull(),
    h: real("h").notNull(),
    score: real("score").notNull().default(0),
    keyframe: boolean("keyframe").notNull().default(false),
    /** The detector saw the object on this frame; false = bridged (predicted or held over a miss). */
    observed: boolean("observed").notNull().default(true),
    /** Cells of the box where something in front hides the object (lib/track/visibility.ts); null: none known. Cleared by an edit of the box. */
    hiddenCells: text("hidden_cells"),
    /** CVAT's "outside": from this keyframe's pts until the track's next box the object is not in the picture (no box, no match). */
    outside: boolean("outside").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.frameIndex] })],
);

// ─── catalogue ───────────────────────────────────────────────────────────────
export const products = pgTable(
  "products",
  {
    id: id(),
    sku: text("sku").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull().default("EUR"),
    imageKey: text("image_key"),
    stock: integer("stock").notNull().default(0),
    itemName: text("item_name"),
    articleFragment: text("article_fragment"),
    additionalIdentifier: text("additional_identifier"),
    active: boolean("active").notNull().default(true),
    createdAt: created(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("products_item_name_idx").on(t.itemName)],
);

export const trackProducts = pgTable("track_products", {
  trackId: integer("track_id")
    .primaryKey()
    .references(() => tracks.id, { onDelete: "cascade" }),
  productId: integer("product_id")
    .notNull()
    .references(() => products.id, { onDelete: "cascade" }),
  attachedBy: integer("attached_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: created(),
});

// ─── clicks ──────────────────────────────────────────────────────────────────
export const clicks = pgTable(
  "clicks",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    tokenId: integer("token_id").references(() => apiTokens.id, { onDelete: "set null" }),
    ip: text("ip").notNull(),
    deviceId: text("device_id"),
    youtubeId: text("youtube_id").notNull(),
    /** The playlist (`&list=`) and 1-based position (`&index=`) the click's video id carried, if any. */
    listId: text("list_id"),
    listIndex: integer("list_index"),
    videoId: integer("video_id").references(() => videos.id, { onDelete: "set null" }),
    rawX: doublePrecision("raw_x").notNull(),
    rawY: doublePrecision("raw_y").notNull(),
    playerWidth: doublePrecision("player_width"),
    playerHeight: doublePrecision("player_height"),
    videoWidth: integer("video_width"),
    videoHeight: integer("video_height"),
    x: doublePrecision("x"),
    y: doublePrecision("y"),
    timestampS: doublePrecision("timestamp_s").notNull(),
    frameIndex: integer("frame_index"),
    ptsMs: doublePrecision("pts_ms"),
    trackId: integer("track_id").references(() => tracks.id, { onDelete: "set null" }),
    productId: integer("product_id").references(() => products.id, { onDelete: "set null" }),
    confidence: real("confidence"),
    matchState: text("match_state").notNull().default("pending"),
    createdAt: created(),
  },
  (t) => [
    index("clicks_video_idx").on(t.youtubeId, t.createdAt),
    index("clicks_pending_idx").on(t.matchState).where(sql`match_state = 'pending'`),
  ],
);

// ─── shop ────────────────────────────────────────────────────────────────────
export const carts = pgTable("carts", {
  id: text("id").primaryKey(),
  userId: integer("user_id")
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: created(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const cartItems = pgTable(
  "cart_items",
  {
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    videoId: integer("video_id").references(() => videos.id, { onDelete: "set null" }),
    clickId: bigint("click_id", { mode: "number" }).references(() => clicks.id, { onDelete: "set null" }),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.productId] })],
);

/** Every "add to cart", kept for the conversion funnel even after the cart is emptied or ordered. */
export const cartEvents = pgTable(
  "cart_events",
  {
    id: id(),
    cartId: text("cart_id").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    videoId: integer("video_id").references(() => videos.id, { onDelete: "set null" }),
    clickId: bigint("click_id", { mode: "number" }).references(() => clicks.id, { onDelete: "set null" }),
    createdAt: created(),
  },
  (t) => [index("cart_events_video_idx").on(t.videoId, t.createdAt), index("cart_events_product_idx").on(t.productId)],
);

export const orderStatusEnum = pgEnum("order_status", ["pending", "paid", "failed", "refunded", "canceled", "shipped", "delivered"]);

/** Statuses of an order whose money was received (refunds of some lines keep them; a full refund leaves them). */
export const PAID_ORDER_STATUSES = ["paid", "shipped", "delivered"] as const;

/** A postal address as collected at checkout (Stripe's shape, trimmed). */
export type ShippingAddress = { name: string; line1: string; line2: string | null; postalCode: string; city: string; state: string | null; country: string; phone: string | null };

export const orders = pgTable(
  "orders",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    email: text("email"),
    status: orderStatusEnum("status").notNull().default("pending"),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    paymentMode: text("payment_mode").notNull(),
    stripeSessionId: text("stripe_session_id").unique(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    videoId: integer("video_id").references(() => videos.id, { onDelete: "set null" }),
    clickId: bigint("click_id", { mode: "number" }).references(() => clicks.id, { onDelete: "set null" }),
    stockReserved: boolean("stock_reserved").notNull().default(false),
    /** Totals: subtotal (the lines) + shipping + tax = total_cents, set when the address is known. */
    subtotalCents: integer("subtotal_cents").notNull().default(0),
    shippingCents: integer("shipping_cents").notNull().default(0),
    taxCents: integer("tax_cents").notNull().default(0),
    refundedCents: integer("refunded_cents").notNull().default(0),
    shippingAddress: jsonb("shipping_address").$type<ShippingAddress>(),
    shippingRate: text("shipping_rate"),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    /** sha256 of the anonymous buyer's cart cookie: only that browser may pay or decline the order. */
    ownerKeyHash: text("owner_key_hash"),
    createdAt: created(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    shippedAt: timestamp("shipped_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("orders_user_idx").on(t.userId, t.createdAt)],
);

export const orderItems = pgTable(
  "order_items",
  {
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    quantity: integer("quantity").notNull(),
    videoId: integer("video_id").references(() => videos.id, { onDelete: "set null" }),
    clickId: bigint("click_id", { mode: "number" }).references(() => clicks.id, { onDelete: "set null" }),
    /** The moment of the click (pts ms) copied at checkout: clicks are pruned, the attribution stays. */
    clickPtsMs: integer("click_pts_ms"),
    refundedQuantity: integer("refunded_quantity").notNull().default(0),
    refundedCents: integer("refunded_cents").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.productId] })],
);

export const payments = pgTable("payments", {
  id: id(),
  orderId: integer("order_id")
    .notNull()
    .references(() => orders.id, { onDelete: "cascade" }),
  provider: text("provider").notNull(),
  providerRef: text("provider_ref"),
  amountCents: integer("amount_cents").notNull(),
  currency: text("currency").notNull(),
  status: text("status").notNull(),
  createdAt: created(),
});

/** Every change of an order: what, who (user id and words), when. The buyer's timeline reads it. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    fromStatus: orderStatusEnum("from_status"),
    toStatus: orderStatusEnum("to_status"),
    actor: text("actor").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    note: text("note"),
    createdAt: created(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.createdAt)],
);

/** Catalogue settings edited by admins (shipping rates, tax table), one JSON value per key. */
export const shopSettings = pgTable("shop_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
});

// ─── people and actions ──────────────────────────────────────────────────────
/** Keypoints of one person track on one analysed frame (an "actions" run); keypoints: [x, y, score] × 17 in video pixels. */
export const poses = pgTable(
  "poses",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => analysisRuns.id, { onDelete: "cascade" }),
    trackId: integer("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    frameIndex: integer("frame_index").notNull(),
    ptsMs: doublePrecision("pts_ms").notNull(),
    keypoints: jsonb("keypoints").$type<[number, number, number][]>().notNull(),
    score: real("score").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.trackId, t.frameIndex] })],
);

/** An action span of one person track, as found by an "actions" run. */
export const trackActions = pgTable(
  "track_actions",
  {
    id: id(),
    runId: integer("run_id")
      .notNull()
      .references(() => analysisRuns.id, { onDelete: "cascade" }),
    trackId: integer("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    startMs: doublePrecision("start_ms").notNull(),
    endMs: doublePrecision("end_ms").notNull(),
    confidence: real("confidence").notNull(),
  },
  (t) => [index("track_actions_run_idx").on(t.runId, t.trackId)],
);

// ─── streams ─────────────────────────────────────────────────────────────────
export const recordingStatusEnum = pgEnum("recording_status", ["starting", "recording", "stopped", "failed"]);

export const streamRecordings = pgTable("stream_recordings", {
  id: id(),
  sourceUrl: text("source_url").notNull(),
  target: text("target").notNull(),
  status: recordingStatusEnum("status").notNull().default("starting"),
  indexKey: text("index_key"),
  segments: jsonb("segments").$type<unknown[]>().notNull().default([]),
  gaps: jsonb("gaps").$type<unknown[]>().notNull().default([]),
  firstFrameWallclock: timestamp("first_frame_wallclock", { withTimezone: true }),
  wallclockSource: text("wallclock_source"),
  videoId: integer("video_id").references(() => videos.id, { onDelete: "set null" }),
  error: text("error"),
  startedAt: timestamp("started_at", { withTimezone: true }),
  stoppedAt: timestamp("stopped_at", { withTimezone: true }),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: created(),
  // Run by whichever worker holds the lease (see lib/recordings/supervisor.ts); a crashed worker's lease
  // runs out and another worker resumes the recording as a new run.
  /** The full source URL (credentials included), encrypted with the app secret; source_url is redacted. */
  sourceSecret: text("source_secret"),
  seconds: integer("seconds"),
  segmentSeconds: integer("segment_seconds"),
  owner: text("owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  stopRequestedAt: timestamp("stop_requested_at", { withTimezone: true }),
  /** Live detection while recording (lib/live/recording-live.ts): `{ fps }`; null = off. */
  live: jsonb("live").$type<{ fps: number }>(),
});

/** A confirmed track of a recording's live detection (lib/live/events.ts), with its snapshot in storage. */
export const recordingLiveEvents = pgTable(
  "recording_live_events",
  {
    id: id(),
    recordingId: integer("recording_id")
      .notNull()
      .references(() => streamRecordings.id, { onDelete: "cascade" }),
    /** The live tracker's id, unique within `session` (one worker process's run of the recording). */
    session: integer("session").notNull().default(0),
    trackId: integer("track_id").notNull(),
    label: text("label").notNull(),
    startWallClockMs: bigint("start_wall_clock_ms", { mode: "number" }).notNull(),
    endWallClockMs: bigint("end_wall_clock_ms", { mode: "number" }).notNull(),
    /** Where the event starts and ends in the recording: run (connection) and pts in that run, ms. */
    startRun: integer("start_run").notNull(),
    startPtsMs: doublePrecision("start_pts_ms").notNull(),
    endRun: integer("end_run").notNull(),
    endPtsMs: doublePrecision("end_pts_ms").notNull(),
    snapshotKey: text("snapshot_key"),
    /** The event's start on the recording's video (ms from its first frame, that frame's exact pts); set when the video is made. */
    videoId: integer("video_id").references(() => videos.id, { onDelete: "set null" }),
    videoStartMs: doublePrecision("video_start_ms"),
    score: real("score").notNull(),
    box: jsonb("box").$type<[number, number, number, number]>().notNull(),
    createdAt: created(),
  },
  (t) => [index("recording_live_events_rec_idx").on(t.recordingId, t.startWallClockMs)],
);

/** The newest analysed frame of a recording's live detection and its running counts (one row per recording). */
export const recordingLiveState = pgTable("recording_live_state", {
  recordingId: integer("recording_id")
    .primaryKey()
    .references(() => streamRecordings.id, { onDelete: "cascade" }),
  run: integer("run").notNull(),
  ptsMs: doublePrecision("pts_ms").notNull(),
  wallClockMs: bigint("wall_clock_ms", { mode: "number" }).notNull(),
  latencyMs: integer("latency_ms").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  objects: jsonb("objects").$type<{ trackId: number; label: string; score: number; box: [number, number, number, number] }[]>().notNull().default([]),
  analysed: integer("analysed").notNull().default(0),
  dropped: integer("dropped").notNull().default(0),
  detectorRuns: integer("detector_runs").notNull().default(0),
  /** Storage keys of the per-frame detections written so far (chunks of JSON, lib/live/recording-sink.ts). */
  chunks: jsonb("chunks").$type<string[]>().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

// ─── relations ───────────────────────────────────────────────────────────────
export const videosRelations = relations(videos, ({ many, one }) => ({
  tracks: many(tracks),
  runs: many(analysisRuns),
  timeline: one(videoTimelines),
}));
export const tracksRelations = relations(tracks, ({ one, many }) => ({
  video: one(videos, { fields: [tracks.videoId], references: [videos.id] }),
  boxes: many(trackBoxes),
  product: one(trackProducts),
}));
export const trackBoxesRelations = relations(trackBoxes, ({ one }) => ({
  track: one(tracks, { fields: [trackBoxes.trackId], references: [tracks.id] }),
}));
export const trackProductsRelations = relations(trackProducts, ({ one }) => ({
  track: one(tracks, { fields: [trackProducts.trackId], references: [tracks.id] }),
  product: one(products, { fields: [trackProducts.productId], references: [products.id] }),
}));
export const videoTimelinesRelations = relations(videoTimelines, ({ one }) => ({
  video: one(videos, { fields: [videoTimelines.videoId], references: [videos.id] }),
}));
export const analysisRunsRelations = relations(analysisRuns, ({ one }) => ({
  video: one(videos, { fields: [analysisRuns.videoId], references: [videos.id] }),
}));
export const ordersRelations = relations(orders, ({ many }) => ({ items: many(orderItems) }));
export const orderItemsRelations = relations(orderItems, ({ one }) => ({
  order: one(orders, { fields: [orderItems.orderId], references: [orders.id] }),
  product: one(products, { fields: [orderItems.productId], references: [products.id] }),
}));

export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type Video = typeof videos.$inferSelect;
export type AnalysisRun = typeof analysisRuns.$inferSelect;
export type Track = typeof tracks.$inferSelect;
export type TrackBox = typeof trackBoxes.$inferSelect;
export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type Click = typeof clicks.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderItem = typeof orderItems.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;
export type StreamRecording = typeof streamRecordings.$inferSelect;
export type RecordingLiveEvent = typeof recordingLiveEvents.$inferSelect;
export type RecordingLiveState = typeof recordingLiveState.$inferSelect;
