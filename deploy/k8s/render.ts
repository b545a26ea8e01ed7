// Kubernetes manifests for Framecart, built from typed kubernetes-models objects so that every object is
// validated against the Kubernetes (and KEDA) JSON schemas as it is rendered. `npm run -s k8s` prints the
// YAML; deploy/k8s/framecart.yaml is the default rendering, kept in sync by tests/unit/deploy-k8s.test.ts.
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Job } from "kubernetes-models/batch/v1/Job";
import type { IContainer } from "kubernetes-models/v1/Container";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";

export type K8sOptions = {
  namespace: string;
  /** Image repository prefix: `<registry>/framecart` → `<registry>/framecart-app:<tag>` etc. */
  registry: string;
  tag: string;
  webReplicas: number;
  webMaxReplicas: number;
  workerMinReplicas: number;
  workerMaxReplicas: number;
  /** Queued + running jobs per worker replica that KEDA aims for. */
  jobsPerWorker: number;
  /** GPU worker replicas (0 leaves the Deployment in place, scaled to zero). */
  gpuWorkers: number;
  host: string;
};

export const DEFAULT_K8S_OPTIONS: K8sOptions = {
  namespace: "framecart",
  registry: "ghcr.io/framecart",
  tag: "latest",
  webReplicas: 2,
  webMaxReplicas: 6,
  workerMinReplicas: 1,
  workerMaxReplicas: 8,
  jobsPerWorker: 2,
  gpuWorkers: 0,
  host: "shop.example.com",
};

const LABEL = "app.kubernetes.io/name";
const COMPONENT = "app.kubernetes.io/component";
/** Jobs waiting or running in pg-boss's table: what the worker Deployment scales on. */
export const QUEUE_DEPTH_SQL = "SELECT count(*) FROM pgboss.job WHERE state IN ('created', 'retry', 'active')";

/** The settings of lib/env.ts that are not secret (README "Configuration"). */
function configData(o: K8sOptions): Record<string, string> {
  return {
    NODE_ENV: "production",
    APP_URL: `https://${o.host}`,
    HOST: "0.0.0.0",
    PORT: "3000",
    DATA_DIR: "/data",
    // One ingress controller in front of the web pods: the client IP is the one it appends.
    TRUST_PROXY: "1",
    S3_BUCKET: "framecart",
    S3_REGION: "us-east-1",
    S3_FORCE_PATH_STYLE: "true",
    WORKER_CONCURRENCY: "1",
    DETECT_BACKEND: "auto",
    LOG_LEVEL: "info",
  };
}

/**
 * Secret keys the pods need. Rendered as `REPLACE_ME`, which lib/env.ts refuses (not a URL, shorter than
 * 16 characters), so a forgotten value stops the pods with "Invalid configuration" instead of running
 * on a guessable secret or an embedded database.
 */
export const SECRET_KEYS = ["DATABASE_URL", "AUTH_SECRET", "S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;
export const SECRET_PLACEHOLDER = "REPLACE_ME";

function container(o: K8sOptions, image: "app" | "worker" | "worker-gpu", extra: Partial<IContainer> = {}): IContainer {
  return {
    name: image,
    image: `${o.registry}/framecart-${image}:${o.tag}`,
    imagePullPolicy: "IfNotPresent",
    envFrom: [
      { configMapRef: { name: "framecart-config" } },
      { secretRef: { name: "framecart-secrets" } },
      // STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: without this Secret the shop runs in demo-payment mode.
      { secretRef: { name: "framecart-stripe", optional: true } },
    ],
    volumeMounts: [{ name: "data", mountPath: "/data" }],
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000, capabilities: { drop: ["ALL"] } },
    ...extra,
  };
}

function podSpec(containers: IContainer[], extra: Partial<IPodSpec> = {}): IPodSpec {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
    volumes: [{ name: "data", emptyDir: { sizeLimit: "20Gi" } }],
    containers,
    ...extra,
  };
}

function labels(component: string) {
  return { [LABEL]: "framecart", [COMPONENT]: component };
}

function workerDeployment(o: K8sOptions, gpu: boolean): Deployment {
  const name = gpu ? "framecart-worker-gpu" : "framecart-worker";
  const image = gpu ? "worker-gpu" : "worker";
  return new Deployment({
    metadata: { name, namespace: o.namespace, labels: labels(image) },
    spec: {
      replicas: gpu ? o.gpuWorkers : o.workerMinReplicas,
      selector: { matchLabels: labels(image) },
      template: {
        metadata: { labels: labels(image) },
        spec: podSpec(
          [
            container(o, image, {
              env: [
                { name: "WORKER_EMBEDDED", value: "false" },
                ...(gpu ? [{ name: "DETECT_BACKEND", value: "tensorflow-gpu" }] : []),
              ],
              resources: gpu
                ? { requests: { cpu: "2", memory: "4Gi" }, limits: { memory: "12Gi", "nvidia.com/gpu": 1 } }
                : { requests: { cpu: "2", memory: "2Gi" }, limits: { memory: "6Gi" } },
            }),
          ],
          {
            // SIGTERM drains: running jobs get two minutes, what is cut off is retried elsewhere.
            terminationGracePeriodSeconds: 150,
            ...(gpu
              ? {
                  nodeSelector: { "nvidia.com/gpu.present": "true" },
                  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
                }
              : {}),
          },
        ),
      },
    },
  });
}

/** Every object, in apply order. Each is validated against its schema (throws on an invalid one). */
export function renderManifests(options: Partial<K8sOptions> = {}) {
  const o = { ...DEFAULT_K8S_OPTIONS, ...options };
  const ns = o.namespace;
  const health = { httpGet: { path: "/api/health", port: "http" } };
  const objects = [
    new Namespace({ metadata: { name: ns } }),
    new ConfigMap({ metadata: { name: "framecart-config", namespace: ns }, data: configData(o) }),
    new Secret({
      metadata: { name: "framecart-secrets", namespace: ns },
      type: "Opaque",
      stringData: Object.fromEntries(SECRET_KEYS.map((k) => [k, SECRET_PLACEHOLDER])),
    }),
    new Job({
      metadata: { name: `framecart-migrate-${o.tag.replace(/[^a-z0-9-]/gi, "-").toLowerCase()}`.slice(0, 63), namespace: ns, labels: labels("migrate") },
      spec: {
        backoffLimit: 3,
        ttlSecondsAfterFinished: 86_400,
        template: {
          metadata: { labels: labels("migrate") },
          spec: podSpec([container(o, "app", { name: "migrate", command: ["node", "--import", "tsx", "scripts/migrate.ts"] })], {
            restartPolicy: "OnFailure",
          }),
        },
      },
    }),
    new Deployment({
      metadata: { name: "framecart-web", namespace: ns, labels: labels("web") },
      spec: {
        replicas: o.webReplicas,
        selector: { matchLabels: labels("web") },
        template: {
          metadata: { labels: labels("web") },
          spec: podSpec([
            container(o, "app", {
              env: [{ name: "WORKER_EMBEDDED", value: "false" }],
              ports: [{ name: "http", containerPort: 3000 }],
              readinessProbe: { ...health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
              livenessProbe: { ...health, initialDelaySeconds: 60, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
              resources: { requests: { cpu: "500m", memory: "768Mi" }, limits: { memory: "2Gi" } },
            }),
          ]),
        },
      },
    }),
    new Service({
      metadata: { name: "framecart-web", namespace: ns, labels: labels("web") },
      spec: { selector: labels("web"), ports: [{ name: "http", port: 80, targetPort: "http" }] },
    }),
    new Ingress({
      metadata: { name: "framecart", namespace: ns, annotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "2g" } },
      spec: {
        rules: [
          {
            host: o.host,
            http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "framecart-web", port: { name: "http" } } } }] },
          },
        ],
      },
    }),
    new HorizontalPodAutoscaler({
      metadata: { name: "framecart-web", namespace: ns },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "framecart-web" },
        minReplicas: o.webReplicas,
        maxReplicas: Math.max(o.webReplicas, o.webMaxReplicas),
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      },
    }),
    workerDeployment(o, false),
    new ScaledObject({
      metadata: { name: "framecart-worker", namespace: ns },
      spec: {
        scaleTargetRef: { name: "framecart-worker" },
        minReplicaCount: o.workerMinReplicas,
        maxReplicaCount: Math.max(o.workerMinReplicas, o.workerMaxReplicas),
        cooldownPeriod: 300,
        triggers: [
          {
            type: "postgresql",
            metadata: { query: QUEUE_DEPTH_SQL, targetQueryValue: String(o.jobsPerWorker), connectionFromEnv: "DATABASE_URL" },
          },
        ],
      },
    }),
    workerDeployment(o, true),
  ];
  for (const obj of objects) obj.validate();
  return objects.map((obj) => obj.toJSON());
}
