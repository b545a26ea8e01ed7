import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crossings, cycles, importGraph as graph } from "../../scripts/check-imports.mjs";

const dirs: string[] = [];

/** A throwaway project: path → source. */
function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fc-imports-"));
  dirs.push(root);
  for (const [f, src] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), src);
  }
  return root;
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("import graph check (npm run lint)", () => {
  it("finds no cycle and no layer crossing in this code base", () => {
    const g = graph();
    expect(g.files.length).toBeGreaterThan(100);
    expect(cycles(g)).toEqual([]);
    expect(crossings(g)).toEqual([]);
  });

  it("reports a cycle kept alive by a dynamic import, but not one through a type-only import", () => {
    const g = graph(
      project({
        "lib/a/x.ts": 'import { y } from "@/lib/b/y";\nexport const x = () => y;\n',
        "lib/b/y.ts": 'export const y = async () => (await import("@/lib/a/x")).x;\n',
        "lib/c/p.ts": 'import type { Q } from "./q";\nexport type P = Q;\n',
        "lib/c/q.ts": 'import { p } from "./p";\nexport type Q = number;\nexport const q = p;\n',
      }),
    );
    expect(cycles(g)).toEqual([["lib/a/x.ts", "lib/b/y.ts"]]);
  });

  it("reports db/ from a page and lib/ from db/ (lib/errors too), allowing type imports and lib/env", () => {
    const g = graph(
      project({
        "app/page.tsx": 'import { q } from "@/db/queries/v";\nimport type { T } from "@/db/schema";\nexport const p = q;\n',
        "db/queries/v.ts": 'import { s } from "@/lib/shop/s";\nimport { env } from "@/lib/env";\nimport { E } from "@/lib/errors";\nexport const q = [s, env, E];\n',
        "db/schema.ts": "export type T = number;\n",
        "lib/shop/s.ts": "export const s = 1;\n",
        "lib/env.ts": "export const env = 1;\n",
        "lib/errors.ts": "export class E {}\n",
      }),
    );
    expect(crossings(g)).toEqual(["app/page.tsx:1 imports db/queries/v.ts", "db/queries/v.ts:1 imports lib/shop/s.ts", "db/queries/v.ts:3 imports lib/errors.ts"]);
  });
});
