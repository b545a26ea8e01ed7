import path from "node:path";
import { z } from "zod";

// The only reader of process.env: everything is parsed once here, with defaults that make the
// embedded mode (PGlite + local storage + in-process worker) run with no .env at all.

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes" || v === "on");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  APP_URL: optionalString.pipe(z.url().optional()),
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: optionalString.pipe(z.url().optional()),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  AUTH_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  LOGIN_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(10),
  /** How many reverse proxies in front of the app append to X-Forwarded-For; 0: the socket is the client. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  API_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(600),
  CLICK_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(600),
  CLICK_RETENTION_DAYS: z.coerce.number().min(0).default(1),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).default(2048),
  S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  S3_BUCKET: optionalString,
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Short reads (a frame, a crop, a follow) give ffmpeg a presigned URL and read byte ranges. */
  S3_RANGED_READS: bool.default(true),
  S3_URL_EXPIRES_S: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(900),
  /** On-disk LRU cache of S3 objects for whole-file work (probe, analysis, alignment); 0 turns it off. */
  S3_CACHE_MB: z.coerce.number().int().min(0).default(4096),
  S3_CACHE_DIR: optionalString,
  FFMPEG_PATH: optionalString,
  FFPROBE_PATH: optionalString,
  DETECT_BACKEND: z.enum(["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"]).default("auto"),
  ANALYSIS_FPS: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().positive().max(240).optional()),
  WORKER_EMBEDDED: optionalString.pipe(bool.optional()),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** A running job whose worker has not sent a heartbeat for this long is retried on another worker. */
  JOB_STALE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** Recordings (RTSP) run in worker processes under a lease renewed every heartbeat (lib/recordings/supervisor.ts). */
  RECORDING_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(20),
  RECORDING_HEARTBEAT_SECONDS: z.coerce.number().min(0.2).max(600).default(5),
  /** Recordings one worker process runs at once; 0: this worker takes none. */
  RECORDINGS_PER_WORKER: z.coerce.number().int().min(0).max(1000).default(16),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Where the Stripe SDK sends API calls (default Stripe itself); e.g. a local stripe-mock in tests. */
  STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
  /** Stripe Tax computes the tax in Checkout (the account must have Stripe Tax set up); off: the settings' tax table. */
  STRIPE_AUTOMATIC_TAX: bool.default(false),
  /** Where order e-mails go, e.g. smtp://user:pass@mail.example.com:587; unset: written as .eml files to DATA_DIR/mail/. */
  SMTP_URL: optionalString.pipe(z.url().optional()),
  MAIL_FROM: z.string().default("Framecart <shop@framecart.local>"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof schema> & {
  dataDir: string;
  pgliteDir: string;
  storageDir: string;
  storage: "s3" | "local";
  s3CacheDir: string;
  mailDir: string;
  workerEmbedded: boolean;
  paymentMode: "stripe" | "demo";
};

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const s3Keys = [e.S3_ENDPOINT, e.S3_BUCKET, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY];
  const s3Set = s3Keys.filter(Boolean).length;
  if (s3Set > 0 && s3Set < 4) {
    throw new EnvError(
      "Invalid configuration:\n  S3_*: set all of S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, or none",
    );
  }
  if (e.RECORDING_LEASE_SECONDS < 2 * e.RECORDING_HEARTBEAT_SECONDS) {
    throw new EnvError("Invalid configuration:\n  RECORDING_LEASE_SECONDS: must be at least twice RECORDING_HEARTBEAT_SECONDS");
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    ...e,
    dataDir,
    pgliteDir: path.join(dataDir, "pglite"),
    storageDir: path.join(dataDir, "storage"),
    mailDir: path.join(dataDir, "mail"),
    s3CacheDir: e.S3_CACHE_DIR ? path.resolve(e.S3_CACHE_DIR) : path.join(dataDir, "cache", "s3"),
    storage: s3Set === 4 ? "s3" : "local",
    // PGlite allows one process, so the embedded database always means an in-process worker.
    workerEmbedded: e.DATABASE_URL ? (e.WORKER_EMBEDDED ?? true) : true,
    paymentMode: e.STRIPE_SECRET_KEY ? "stripe" : "demo",
  };
}

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    cached = parseEnv(process.env);
    // next-auth v4 reads its base URL from the environment itself: APP_URL when set, otherwise the
    // request's own host (without this, sign-out would redirect to localhost:3000).
    if (cached.APP_URL) process.env.NEXTAUTH_URL ??= cached.APP_URL;
    else process.env.AUTH_TRUST_HOST ??= "true";
  }
  return cached;
}

/** Tests and scripts that change configuration at run time reset the cache through this. */
export function resetEnvForTests(overrides: Record<string, string | undefined> = {}): Env {
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  cached = undefined;
  return env();
}

/** Whether this process runs under a test runner (used to keep logs quiet). */
export function isTestRun(): boolean {
  return process.env.VITEST !== undefined || process.env.NODE_ENV === "test";
}

/** This process's environment with `overrides` on top, for a child process (a worker, a server) that reads its own configuration. */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
