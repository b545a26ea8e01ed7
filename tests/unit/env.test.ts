import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("runs on embedded defaults with no settings at all", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({ PORT: 3000, storage: "local", workerEmbedded: true, paymentMode: "demo", DETECT_BACKEND: "auto" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.pgliteDir).toMatch(/\.data\/pglite$/);
  });

  it("stops with a message naming each invalid setting", () => {
    expect(() => parseEnv({ PORT: "eighty", DETECT_BACKEND: "tpu" })).toThrow(EnvError);
    let message = "";
    try {
      parseEnv({ PORT: "eighty", DETECT_BACKEND: "tpu", DATABASE_URL: "not a url" });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ["PORT", "DETECT_BACKEND", "DATABASE_URL"]) expect(message).toContain(name);
  });

  it("wants all four S3 settings or none, and switches storage and payments by what is set", () => {
    expect(() => parseEnv({ S3_BUCKET: "b" })).toThrow(/S3_\*/);
    const s3 = parseEnv({ S3_ENDPOINT: "http://127.0.0.1:9000", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s", STRIPE_SECRET_KEY: "sk_test_x" });
    expect(s3).toMatchObject({ storage: "s3", paymentMode: "stripe" });
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db", WORKER_EMBEDDED: "false" }).workerEmbedded).toBe(false);
    expect(parseEnv({ WORKER_EMBEDDED: "false" }).workerEmbedded).toBe(true); // PGlite: one process, so the worker stays in it
  });

  it("S3 reads: ranged by default, a bounded download cache under DATA_DIR, both configurable", () => {
    const e = parseEnv({ DATA_DIR: "/srv/fc" });
    expect(e).toMatchObject({ S3_RANGED_READS: true, S3_URL_EXPIRES_S: 900, S3_CACHE_MB: 4096, s3CacheDir: "/srv/fc/cache/s3" });
    expect(parseEnv({ S3_RANGED_READS: "false", S3_CACHE_MB: "0", S3_CACHE_DIR: "/tmp/c" })).toMatchObject({ S3_RANGED_READS: false, S3_CACHE_MB: 0, s3CacheDir: "/tmp/c" });
    expect(() => parseEnv({ S3_URL_EXPIRES_S: "5" })).toThrow(/S3_URL_EXPIRES_S/);
    expect(() => parseEnv({ S3_CACHE_MB: "-1" })).toThrow(/S3_CACHE_MB/);
  });
});
