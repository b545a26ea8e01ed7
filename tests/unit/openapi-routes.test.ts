import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";

// Every route handler under app/api is in the OpenAPI document, with exactly the HTTP methods its
// route.ts exports, and the document lists no path or method that no handler serves.

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const API_DIR = path.resolve("app/api");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith("_") ? [] : routeFiles(p); // _folders are private (not routed)
    return /^route\.(ts|tsx|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** The HTTP methods a route module exports: `export const GET`, `export async function POST`, `export { h as GET }`. */
export function exportedMethods(source: string): string[] {
  const file = ts.createSourceFile("route.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: string[] = [];
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of file.statements) {
    if (ts.isVariableStatement(st) && exported(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    if (ts.isFunctionDeclaration(st) && exported(st) && st.name) names.push(st.name.text);
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) for (const el of st.exportClause.elements) names.push(el.name.text);
  }
  return names.filter((n) => HTTP_METHODS.includes(n)).sort();
}

/** app/api/videos/[id]/route.ts → /api/videos/{id}; route groups dropped; catch-alls become one parameter. */
export function openApiPath(routeFile: string): string {
  const segments = path.relative(path.resolve("app"), path.dirname(routeFile)).split(path.sep);
  const kept = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${kept.map((s) => s.replace(/^\[\[?(?:\.\.\.)?([^\]]+)\]\]?$/, "{$1}")).join("/")}`;
}

const served = new Map(routeFiles(API_DIR).map((f) => [openApiPath(f), exportedMethods(fs.readFileSync(f, "utf8"))]));
const documented = new Map(
  Object.entries(buildOpenApiDocument().paths as Record<string, Record<string, unknown>>).map(([p, item]) => [
    p,
    Object.keys(item)
      .map((m) => m.toUpperCase())
      .filter((m) => HTTP_METHODS.includes(m))
      .sort(),
  ]),
);

describe("OpenAPI document and app/api agree", () => {
  it("reads methods and paths the way Next.js routes them", () => {
    expect(exportedMethods("export const GET = route({}, h);\nexport async function POST() {}\nconst x = 1;\nexport { handler as PATCH, other as helper };\nexport const dynamic = 'x';")).toEqual(["GET", "PATCH", "POST"]);
    expect(openApiPath(path.resolve("app/api/(shop)/cart/items/[productId]/route.ts"))).toBe("/api/cart/items/{productId}");
    expect(openApiPath(path.resolve("app/api/auth/[...nextauth]/route.ts"))).toBe("/api/auth/{nextauth}");
    expect(openApiPath(path.resolve("app/api/admin/clicks/export.csv/route.ts"))).toBe("/api/admin/clicks/export.csv");
    // This repository's own handlers are found (and export something).
    expect(served.size).toBeGreaterThan(40);
    for (const [p, methods] of served) expect(methods.length, p).toBeGreaterThan(0);
  });

  it("documents every handler's path with exactly the methods it exports", () => {
    const missing = [...served].filter(([p]) => !documented.has(p)).map(([p, m]) => `${m.join(",")} ${p}`);
    expect(missing, "route handlers with no OpenAPI entry").toEqual([]);
    for (const [p, methods] of served) expect(documented.get(p), `methods of ${p}`).toEqual(methods);
  });

  it("lists no path that no handler serves", () => {
    expect([...documented.keys()].filter((p) => !served.has(p))).toEqual([]);
  });
});
