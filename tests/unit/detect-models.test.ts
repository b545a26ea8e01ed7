import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BackendError, initBackend } from "@/lib/detect/backend";
import { createDetector } from "@/lib/detect/detector";
import { defaultModelDir, fileSystemHandler, ModelLoadError, modelJsonPath } from "@/lib/detect/models";

const dir = mkdtempSync(path.join(os.tmpdir(), "framecart-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function loadError(p: Promise<unknown>): Promise<ModelLoadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelLoadError);
  return err as ModelLoadError;
}

describe("backend selection", () => {
  it("fails loudly when an unavailable backend is asked for explicitly", async () => {
    await expect(initBackend("tensorflow")).rejects.toBeInstanceOf(BackendError);
    await expect(initBackend("tensorflow-gpu")).rejects.toThrow(/tfjs-node-gpu/);
  });

  it("falls back along tensorflow-gpu → tensorflow → wasm in auto mode and says why", async () => {
    const info = await initBackend("auto");
    // This machine has no tfjs-node: auto lands on wasm (a GPU/native machine would stop earlier).
    expect(["tensorflow-gpu", "tensorflow", "wasm"]).toContain(info.name);
    if (info.name === "wasm") {
      expect(info.skipped.map((s) => s.name)).toEqual(["tensorflow-gpu", "tensorflow"]);
      expect(info.version).toMatch(/simd on, threads off/);
    }
    expect(info.tf.getBackend()).toBe(info.name === "wasm" ? "wasm" : "tensorflow");
  });
});

describe("model files", () => {
  it("reads the packaged weights from disk without fetch", async () => {
    const artifacts = await fileSystemHandler(modelJsonPath("centernet")).load?.();
    expect(artifacts?.weightData).toBeInstanceOf(ArrayBuffer);
    expect((artifacts?.weightData as ArrayBuffer).byteLength).toBeGreaterThan(1_000_000);
    expect(defaultModelDir()).toMatch(/human-models[/\\]models$/);
  });

  it("reports a missing model.json as MODEL_NOT_FOUND", async () => {
    const err = await loadError(createDetector({ backend: "wasm", modelDir: path.join(dir, "nowhere") }));
    expect(err.code).toBe("MODEL_NOT_FOUND");
    expect(err.message).toMatch(/model file not found/);
  });

  it("reports missing weights as MODEL_NOT_FOUND", async () => {
    const sub = path.join(dir, "noweights");
    copyTo(sub, false);
    const err = await loadError(createDetector({ backend: "wasm", modelDir: sub }));
    expect(err.code).toBe("MODEL_NOT_FOUND");
    expect(err.file).toMatch(/centernet\.bin$/);
  });

  it("reports truncated weights and broken JSON as MODEL_CORRUPT", async () => {
    const sub = path.join(dir, "truncated");
    copyTo(sub, true);
    const bin = path.join(sub, "centernet.bin");
    writeFileSync(bin, readFileSync(bin).subarray(0, 1000));
    const err = await loadError(createDetector({ backend: "wasm", modelDir: sub }));
    expect(err.code).toBe("MODEL_CORRUPT");
    expect(err.message).toMatch(/truncated or wrong file/);

    writeFileSync(path.join(sub, "centernet.json"), '{"modelTopology": ');
    const bad = await loadError(createDetector({ backend: "wasm", modelDir: sub }));
    expect(bad.code).toBe("MODEL_CORRUPT");
    expect(bad.message).toMatch(/not valid JSON/);
  });
});

function copyTo(sub: string, withWeights: boolean): void {
  rmSync(sub, { recursive: true, force: true });
  const src = defaultModelDir();
  mkdirSync(sub, { recursive: true });
  copyFileSync(path.join(src, "centernet.json"), path.join(sub, "centernet.json"));
  if (withWeights) copyFileSync(path.join(src, "centernet.bin"), path.join(sub, "centernet.bin"));
}
