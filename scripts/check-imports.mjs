// Static import graph of the source (app, components, lib, db, scripts, proxy.ts): fails (exit 1) on an
// import cycle (value imports, dynamic import() included) or a layer crossing that type-aware ESLint
// zones cannot see. Part of `npm run lint`; ESLint's import/no-cycle was too slow here (it parses
// node_modules). Adapted from the team's shared tools/import-graph.mjs.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOTS = ["app", "components", "lib", "db", "scripts", "proxy.ts"];
const EXT = [".ts", ".tsx", ".js", ".mjs"];

function walk(p, out) {
  if (!existsSync(p)) return out;
  const s = statSync(p);
  if (s.isFile()) {
    if (EXT.some((e) => p.endsWith(e)) && !p.endsWith(".d.ts")) out.push(p);
    return out;
  }
  for (const n of readdirSync(p)) if (n !== "node_modules" && !n.startsWith(".")) walk(join(p, n), out);
  return out;
}

function resolveSpec(root, from, spec) {
  let base;
  if (spec.startsWith("@/")) base = resolve(root, spec.slice(2));
  else if (spec.startsWith(".")) base = resolve(dirname(from), spec);
  else return null;
  for (const c of [base, ...EXT.map((e) => base + e), ...EXT.map((e) => join(base, "index" + e))])
    if (existsSync(c) && statSync(c).isFile()) return relative(root, c);
  return null;
}

/** { files, edges: Map<file, [{ to, typeOnly, dynamic, line }]> } for the project at `root`. */
export function importGraph(root = process.cwd()) {
  const files = ROOTS.flatMap((r) => walk(join(root, r), [])).map((f) => relative(root, f));
  const edges = new Map();
  for (const f of files) {
    const abs = join(root, f);
    const src = readFileSync(abs, "utf8");
    const list = [];
    const re = /(^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
    let m;
    while ((m = re.exec(src))) {
      const spec = m[5] ?? m[6];
      const to = resolveSpec(root, abs, spec);
      if (!to) continue;
      const line = src.slice(0, m.index).split("\n").length + (m[1] ? 1 : 0);
      list.push({ to, typeOnly: !!m[3], dynamic: !!m[6], line });
    }
    edges.set(f, list);
  }
  return { files, edges };
}

/** Strongly connected components of more than one file, over value imports (static and dynamic). */
export function cycles({ files, edges }) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const e of edges.get(v) ?? []) {
      if (e.typeOnly) continue;
      if (!idx.has(e.to)) {
        strong(e.to);
        low.set(v, Math.min(low.get(v), low.get(e.to)));
      } else if (on.has(e.to)) low.set(v, Math.min(low.get(v), idx.get(e.to)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) strong(f);
  return out;
}

/** Value imports that cross a layer: app/ or components/ → db/; db/ → lib/ other than lib/env. */
export function crossings({ edges }) {
  const out = [];
  for (const [f, list] of edges)
    for (const e of list) {
      if (e.typeOnly) continue;
      if ((f.startsWith("app/") || f.startsWith("components/")) && e.to.startsWith("db/")) out.push(`${f}:${e.line} imports ${e.to}`);
      if (f.startsWith("db/") && e.to.startsWith("lib/") && e.to !== "lib/env.ts") out.push(`${f}:${e.line} imports ${e.to}`);
    }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const g = importGraph();
  const found = [
    ...cycles(g).map((c) => `files that import each other in a cycle (${c.length}): ${c.join(", ")}`),
    ...crossings(g).map((c) => `layer: ${c}`),
  ];
  for (const line of found) console.error(line);
  if (found.length) process.exit(1);
  console.log(`imports: ${g.files.length} files, no cycle, no layer crossing`);
}
