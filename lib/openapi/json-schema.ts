import { z } from "zod";

// Zod → JSON Schema (draft 2020-12, which OpenAPI 3.1 uses) through z.toJSONSchema: named schemas go to
// components.schemas and are referenced by $ref, so the document shows exactly what the handlers parse.

export type JsonSchema = Record<string, unknown>;
type Meta = { id: string; description?: string };
export type NamedSchemas = Record<string, z.ZodType>;

export const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * Components for a set of named schemas. Requests use the input side (what a client may send: before
 * defaults and coercion), responses the output side (what the handler answers after parsing).
 */
export function componentSchemas(named: NamedSchemas, io: "input" | "output", descriptions: Record<string, string> = {}): Record<string, JsonSchema> {
  const registry = z.registry<Meta>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id, ...(descriptions[id] ? { description: descriptions[id] } : {}) });
  const { schemas } = z.toJSONSchema(registry, { io, target: "draft-2020-12", unrepresentable: "any", uri: (id) => ref(id).$ref });
  const out: Record<string, JsonSchema> = {};
  for (const [id, s] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = s as JsonSchema;
    out[id] = rest;
  }
  return out;
}

/** One inline schema (no components), e.g. for a query parameter. */
export function inlineSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** OpenAPI query parameters from a zod object schema of a query string. */
export function queryParameters(schema: z.ZodObject, descriptions: Record<string, string> = {}) {
  const json = inlineSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: s,
  }));
}

/** Adds descriptions to the properties of a generated object schema (the zod schemas carry none). */
export function describeProperties(schema: JsonSchema | undefined, descriptions: Record<string, string>): void {
  const props = schema?.properties as Record<string, JsonSchema> | undefined;
  if (!props) return;
  for (const [name, description] of Object.entries(descriptions)) {
    if (props[name]) props[name] = { description, ...props[name] };
  }
}
