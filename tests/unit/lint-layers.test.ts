import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules in eslint.layers.mjs, checked with ESLint's own API on small in-memory files placed in
// each layer: an import that crosses a layer fails lint; the same import as a type, or an allowed one, does not.

const RULE = "@typescript-eslint/no-restricted-imports";
let eslint: ESLint;

async function crossings(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.resolve(file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

describe("layer boundaries (lint)", () => {
  it.each([
    ["app/probe/page.tsx", 'import { listVideos } from "@/db/queries/videos";\nexport const x = listVideos;\n', /never db/],
    ["components/probe/widget.tsx", 'import { getDb } from "@/db";\nexport const x = getDb;\n', /never db/],
    ["components/probe/widget.tsx", 'import { env } from "@/lib/env";\nexport const x = env;\n', /browser/],
    ["db/queries/probe.ts", 'import { nextStatus } from "@/lib/shop/states";\nexport const x = nextStatus;\n', /db\/ imports nothing from lib\//],
    ["lib/media/probe.ts", 'import { storage } from "@/lib/storage";\nexport const x = storage;\n', /Compute domains/],
    ["lib/match/probe.ts", 'import { getVideo } from "@/db/queries/videos";\nexport const x = getVideo;\n', /never db/],
    ["lib/track/probe.ts", 'import { cocoLabel } from "@/lib/detect/coco";\nexport const x = cocoLabel;\n', /lib\/geometry/],
    ["lib/analysis/probe.ts", 'import { attachDemoProducts } from "@/lib/seed/demo-video";\nexport const x = attachDemoProducts;\n', /lib\/seed/],
    ["lib/videos/probe.ts", 'import { Nav } from "@/components/nav";\nexport const x = Nav;\n', /never import app/],
    ["db/queries/probe.ts", 'import { NotFoundError } from "@/lib/errors";\nexport const x = NotFoundError;\n', /db\/ imports nothing from lib\//],
    ["lib/exchange/probe.ts", 'import { Studio } from "@/components/studio/studio";\nexport const x = Studio;\n', /never import app/],
  ])("%s: a crossing import fails lint", async (file, source, message) => {
    const found = await crossings(file, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  }, 60_000);

  it.each([
    ["app/probe/page.tsx", 'import type { Video } from "@/db/schema";\nexport type X = Video;\n'],
    ["app/probe/page.tsx", 'import { listVideos } from "@/lib/videos/service";\nexport const x = listVideos;\n'],
    ["db/queries/probe.ts", 'import { env } from "@/lib/env";\nexport const x = env;\n'],
    ["lib/track/probe.ts", 'import { iou } from "@/lib/geometry/box";\nimport type { Detection } from "@/lib/detect/types";\nexport const x = iou;\nexport type D = Detection;\n'],
    ["lib/exchange/probe.ts", 'import { listTracksWithBoxes } from "@/db/queries/exchange";\nimport { boxAt } from "@/lib/track/interpolate";\nexport const x = [listTracksWithBoxes, boxAt];\n'],
    ["lib/seed/probe.ts", 'import { DEMO_VIDEO_ID } from "@/lib/seed/demo-video";\nexport const x = DEMO_VIDEO_ID;\n'],
  ])("%s: an allowed import passes", async (file, source) => {
    expect(await crossings(file, source)).toEqual([]);
  }, 60_000);
});
