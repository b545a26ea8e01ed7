import fs from "node:fs";
import { createRequire } from "node:module";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { DEFAULT_K8S_OPTIONS, QUEUE_DEPTH_SQL, renderManifests, SECRET_KEYS } from "@/deploy/k8s/render";
import { parseEnv } from "@/lib/env";
import { runScript } from "../helpers/cli";

// The Kubernetes manifests: every object validated against the Kubernetes / KEDA schemas (kubernetes-models),
// rendered with non-default values, the committed default rendering kept in sync, settings known to lib/env.

const require = createRequire(import.meta.url);
const yaml = require("js-yaml") as { loadAll(text: string): unknown[] };
type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown>; data?: Record<string, string>; stringData?: Record<string, string> };

const byKind = (objs: Obj[], kind: string, name?: string) => {
  const o = objs.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  if (!o) throw new Error(`no ${kind} ${name ?? ""}`);
  return o;
};
type PodTemplate = { template: { spec: { containers: { image: string; env?: { name: string; value: string }[]; resources?: { limits?: Record<string, unknown> } }[] } } };

describe("deploy/k8s", () => {
  it("renders with a non-default replica count and image tag, every object valid", () => {
    const objs = renderManifests({ tag: "v2.0.1", webReplicas: 5, workerMaxReplicas: 12, gpuWorkers: 1, registry: "registry.local:5000/shop" }) as Obj[];
    expect(objs.map((o) => o.kind)).toEqual([
      "Namespace", "ConfigMap", "Secret", "Job", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "Deployment", "ScaledObject", "Deployment",
    ]);
    const web = byKind(objs, "Deployment", "framecart-web").spec as { replicas: number } & PodTemplate;
    expect(web.replicas).toBe(5);
    expect(web.template.spec.containers[0]?.image).toBe("registry.local:5000/shop/framecart-app:v2.0.1");
    expect(byKind(objs, "HorizontalPodAutoscaler").spec).toMatchObject({ minReplicas: 5, maxReplicas: 6 });
    expect(byKind(objs, "ScaledObject").spec).toMatchObject({
      scaleTargetRef: { name: "framecart-worker" },
      maxReplicaCount: 12,
      triggers: [{ type: "postgresql", metadata: { query: QUEUE_DEPTH_SQL, connectionFromEnv: "DATABASE_URL" } }],
    });
    const gpu = byKind(objs, "Deployment", "framecart-worker-gpu").spec as { replicas: number } & PodTemplate;
    expect(gpu.replicas).toBe(1);
    expect(gpu.template.spec.containers[0]?.resources?.limits?.["nvidia.com/gpu"]).toBe(1);
    expect(gpu.template.spec.containers[0]?.image).toBe("registry.local:5000/shop/framecart-worker-gpu:v2.0.1");
    expect(byKind(objs, "Job").metadata.name).toBe("framecart-migrate-v2-0-1");
    for (const o of objs.filter((x) => x.kind !== "Namespace")) expect(o.metadata.namespace).toBe("framecart");
  });

  it("validation is real: a Deployment without a selector or containers is refused", () => {
    const bad = new Deployment({ metadata: { name: "x" }, spec: { template: { spec: { containers: [] } } } } as unknown as ConstructorParameters<typeof Deployment>[0]);
    expect(() => bad.validate()).toThrow();
  });

  it("deploy/k8s/framecart.yaml is the default rendering (regenerate: npm run -s k8s > deploy/k8s/framecart.yaml)", () => {
    const committed = yaml.loadAll(fs.readFileSync("deploy/k8s/framecart.yaml", "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(renderManifests())));
  });

  it("the CLI prints the same objects and refuses a bad count", async () => {
    const ok = await runScript("scripts/k8s.ts", ["--tag", "v9", "--web-replicas", "3"]);
    expect(ok.code).toBe(0);
    const objs = yaml.loadAll(ok.stdout) as Obj[];
    expect((byKind(objs, "Deployment", "framecart-web").spec as { replicas: number }).replicas).toBe(3);
    const bad = await runScript("scripts/k8s.ts", ["--web-replicas", "two"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--web-replicas must be a whole number/);
  });

  it("the pods' settings are lib/env settings; the secret placeholders are refused by lib/env", () => {
    const objs = renderManifests() as Obj[];
    const config = byKind(objs, "ConfigMap").data ?? {};
    const secrets = Object.fromEntries(SECRET_KEYS.map((k) => [k, byKind(objs, "Secret").stringData?.[k]]));
    expect(() => parseEnv({ ...config, ...secrets })).toThrow(/DATABASE_URL|AUTH_SECRET|S3_ENDPOINT/);
    const filled = {
      ...config,
      DATABASE_URL: "postgres://framecart:pw@db:5432/framecart",
      AUTH_SECRET: "k8s-test-secret-0123456789",
      S3_ENDPOINT: "http://minio:9000",
      S3_ACCESS_KEY_ID: "a",
      S3_SECRET_ACCESS_KEY: "b",
      WORKER_EMBEDDED: "false",
    };
    const env = parseEnv(filled);
    expect(env.workerEmbedded).toBe(false);
    expect(env.paymentMode).toBe("demo");
    expect(DEFAULT_K8S_OPTIONS.tag).toBe("latest");
  });
});
