import { describe, expect, it, vi } from "vitest";
import { ZodError, z } from "zod";
import { GET } from "@/app/api/openapi.json/route";
import type { insertApiToken } from "@/db/queries/users";
import { ApiError, toErrorResponse, type ErrorCode } from "@/lib/api/errors";
import { clickBodySchema } from "@/lib/clicks/schemas";
import { buildOpenApiDocument, CLICK_EXAMPLES } from "@/lib/openapi/document";
import { createdTokenSchema, errorBodySchema, errorCodeSchema } from "@/lib/openapi/schemas";
import { parseVideoRef } from "@/lib/videos/youtube-id";

type Json = Record<string, unknown>;
const doc = buildOpenApiDocument() as unknown as Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> } };
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function resolve(node: Json): Json {
  const r = node.$ref;
  if (typeof r !== "string") return node;
  const m = /^#\/components\/schemas\/(.+)$/.exec(r);
  const target = m ? doc.components.schemas[m[1]!] : undefined;
  if (!target) throw new Error(`dangling $ref ${r}`);
  return resolve(target);
}

function walk(node: unknown, visit: (n: Json, path: string) => void, path = "#"): void {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, visit, `${path}/${i}`));
  else if (node && typeof node === "object") {
    visit(node as Json, path);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}/${k}`);
  }
}

/** The Error schema, or a schema whose `error` property is the Error's (the import's 422 adds its report beside it). */
function carriesErrorEnvelope(node: Json): boolean {
  const errorProp = (doc.components.schemas.Error!.properties as Json).error;
  const s = resolve(node);
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).every(carriesErrorEnvelope);
  return s === doc.components.schemas.Error || JSON.stringify((s.properties as Json | undefined)?.error) === JSON.stringify(errorProp);
}

const operations = () =>
  Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([m, op]) => ({ path: p, method: m, op })));

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document with the click API, the token flow, products and the error shape", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths["/api/clicks"]!)).toEqual(expect.arrayContaining(["post", "options"]));
    expect(doc.paths["/api/tokens"]).toHaveProperty("post");
    expect(doc.paths["/api/tokens/{id}"]).toHaveProperty("delete");
    expect(doc.paths["/api/products/{id}"]).toHaveProperty("get");
    expect(doc.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    const err = resolve(doc.components.schemas.Error!);
    expect(err.required).toEqual(["error"]);
    expect(resolve((err.properties as Json).error as Json).required).toEqual(["code", "message"]);
  });

  it("describes POST /api/clicks with the handler's schema: x, y, timestamp, videoId required, nothing else allowed", () => {
    const body = (doc.paths["/api/clicks"]!.post!.requestBody as Json).content as Record<string, Json>;
    const schema = resolve(body["application/json"]!.schema as Json);
    const [single, batch] = schema.anyOf as Json[];
    const click = resolve(single!);
    expect(click.type).toBe("object");
    expect(click.required).toEqual(expect.arrayContaining(["x", "y", "timestamp", "videoId"]));
    expect(click.required).toHaveLength(4);
    expect(click.additionalProperties).toBe(false);
    expect(Object.keys(click.properties as Json)).toEqual(expect.arrayContaining(["playerWidth", "playerHeight", "videoWidth", "videoHeight", "deviceId"]));
    expect((click.properties as Record<string, Json>).x).toMatchObject({ type: "number", minimum: 0 });
    expect(batch).toMatchObject({ type: "array", minItems: 1, maxItems: 50 });
    expect(resolve((batch as Json).items as Json)).toBe(click);
    const ok = doc.paths["/api/clicks"]!.post!.responses as Record<string, Json>;
    expect(Object.keys(ok)).toEqual(expect.arrayContaining(["201", "401", "413", "422", "429"]));
    expect(resolve(doc.components.schemas.ClickResult!).required).toEqual(expect.arrayContaining(["clickId", "status", "match", "products"]));
  });

  it("its example bodies parse with clickBodySchema (and name videos the API accepts)", () => {
    const examples = ((doc.paths["/api/clicks"]!.post!.requestBody as Json).content as Record<string, Json>)["application/json"]!.examples as Record<string, { value: unknown }>;
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(2);
    for (const [name, ex] of Object.entries(examples)) {
      const parsed = clickBodySchema.safeParse(ex.value);
      expect([name, parsed.success]).toEqual([name, true]);
      for (const c of Array.isArray(parsed.data) ? parsed.data : [parsed.data!]) expect(parseVideoRef(c.videoId).id).toBe("dQw4w9WgXcQ");
    }
    expect(examples).toEqual(CLICK_EXAMPLES);
    // The document and the schema agree on refusals too.
    expect(clickBodySchema.safeParse({ ...CLICK_EXAMPLES.original.value, color: "red" }).success).toBe(false);
  });

  it("is structurally sound: every $ref resolves, operations are unique and complete, security and path params declared", () => {
    walk(doc, (n, p) => {
      if (typeof n.$ref === "string") expect(() => resolve(n), p).not.toThrow();
    });
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.operationId, where).toEqual(expect.any(String));
      expect(ids.has(op.operationId as string), where).toBe(false);
      ids.add(op.operationId as string);
      const responses = op.responses as Record<string, Json>;
      expect(Object.keys(responses).some((s) => /^2\d\d$/.test(s)), where).toBe(true);
      for (const [status, r] of Object.entries(responses)) {
        expect(r.description, `${where} ${status}`).toEqual(expect.any(String));
        if (Number(status) < 400) continue;
        // Errors carry the envelope; a status report (health's 503) may answer with its 2xx document; 416 has no body.
        if (!r.content) expect(status, `${where} ${status} has no body`).toBe("416");
        else {
          const schema = (r.content as Record<string, Json>)["application/json"]!.schema as Json;
          const success = Object.entries(responses).find(([s]) => /^2\d\d$/.test(s))?.[1].content as Record<string, Json> | undefined;
          expect(carriesErrorEnvelope(schema) || JSON.stringify(schema) === JSON.stringify(success?.["application/json"]?.schema), `${where} ${status}`).toBe(true);
        }
      }
      for (const req of (op.security as Record<string, unknown>[] | undefined) ?? []) {
        for (const scheme of Object.keys(req)) expect(doc.components.securitySchemes, where).toHaveProperty(scheme);
      }
      const declared = ((op.parameters as Json[] | undefined) ?? []).filter((p) => p.in === "path").map((p) => p.name);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(declared.sort(), where).toEqual(templated.sort());
      for (const p of (op.parameters as Json[] | undefined) ?? []) expect(p.schema, `${where} ${String(p.name)}`).toBeTypeOf("object");
    }
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc); // plain JSON, nothing lost in serialisation
  });

  it("its error schema is what the route wrapper really sends, for every error code", async () => {
    for (const code of errorCodeSchema.options) {
      const res = toErrorResponse(new ApiError(code as ErrorCode, "message", code === "validation_failed" ? [{ path: "x", message: "bad" }] : undefined));
      expect(errorBodySchema.safeParse(await res.json()).success, code).toBe(true);
    }
    const zerr = (() => {
      try {
        clickBodySchema.parse({ x: -1 });
      } catch (e) {
        return e as ZodError;
      }
      throw new Error("unreachable");
    })();
    const res = toErrorResponse(zerr);
    expect(res.status).toBe(422);
    expect(errorBodySchema.parse(await res.json()).error.details?.length).toBeGreaterThan(0);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const unknown = toErrorResponse(new Error("secret detail"));
    quiet.mockRestore();
    expect(errorBodySchema.parse(await unknown.json()).error).toEqual({ code: "internal", message: expect.any(String) });
  });

  it("the token answer schema covers what POST /api/tokens returns", () => {
    // What insertApiToken returns (the type check keeps this in step with the query), as JSON.
    const row: Awaited<ReturnType<typeof insertApiToken>> = { id: 3, name: "laptop", prefix: "fc_abcdefg", createdAt: new Date() };
    const wire = JSON.parse(JSON.stringify({ token: "fc_secret", ...row })) as Json;
    expect(createdTokenSchema.strict().parse(wire)).toEqual(wire);
    expect(z.toJSONSchema(createdTokenSchema).required).toHaveLength(Object.keys(wire).length);
  });

  it("is served at /api/openapi.json", async () => {
    const res = await GET(new Request("http://localhost/api/openapi.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });
});
