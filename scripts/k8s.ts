// npm run -s k8s -- [--tag T] [--registry R] [--namespace N] [--web-replicas N] [--worker-max N] [--gpu-workers N] [--host H]
// Prints Framecart's Kubernetes manifests (validated against the schemas) as one YAML stream.
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { renderManifests, type K8sOptions } from "@/deploy/k8s/render";

const yaml = createRequire(import.meta.url)("js-yaml") as { dump(o: unknown, opts: { noRefs: boolean; lineWidth: number }): string };

const OPTIONS = {
  tag: { type: "string" },
  registry: { type: "string" },
  namespace: { type: "string" },
  host: { type: "string" },
  "web-replicas": { type: "string" },
  "web-max": { type: "string" },
  "worker-min": { type: "string" },
  "worker-max": { type: "string" },
  "gpu-workers": { type: "string" },
} as const;

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
})();

function count(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isInteger(n) || n < 0) usage(`--${name} must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
  return n;
}

const options: Partial<K8sOptions> = Object.fromEntries(
  Object.entries({
    tag: values.tag,
    registry: values.registry,
    namespace: values.namespace,
    host: values.host,
    webReplicas: count("web-replicas", values["web-replicas"]),
    webMaxReplicas: count("web-max", values["web-max"]),
    workerMinReplicas: count("worker-min", values["worker-min"]),
    workerMaxReplicas: count("worker-max", values["worker-max"]),
    gpuWorkers: count("gpu-workers", values["gpu-workers"]),
  }).filter(([, v]) => v !== undefined),
);

try {
  process.stdout.write(renderManifests(options).map((o) => yaml.dump(o, { noRefs: true, lineWidth: 120 })).join("---\n"));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
