/**
 * JSON Schema (as LangChain derives it from a tool's zod schema) to the subset node-llama-cpp turns
 * into a GBNF grammar, so a local model's tool-call arguments are valid JSON of the right shape
 * by construction. Anything outside the subset widens to "any JSON value" rather than failing:
 * the tool node validates arguments again and answers a bad call with a clear tool error.
 */

/** node-llama-cpp's GbnfJsonSchema, structurally (its types live in an ES module we load lazily). */
export type GbnfSchema = { readonly [key: string]: unknown };

type JsonSchema = { [key: string]: unknown };

const PRIMITIVES = new Set(["string", "number", "integer", "boolean", "null"]);
const FORMATS = new Set(["date-time", "time", "date"]);

const ANY: GbnfSchema = { oneOf: [{ type: ["string", "number", "boolean", "null"] }, { type: "array" }, { type: "object", additionalProperties: true }] };

const isObj = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

function withDescription(out: GbnfSchema, s: JsonSchema): GbnfSchema {
  return typeof s.description === "string" ? { ...out, description: s.description } : out;
}

function convert(s: unknown, depth: number): GbnfSchema {
  if (!isObj(s) || depth > 12) return ANY;
  if ("const" in s && isScalar(s.const)) return withDescription({ const: s.const }, s);
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter(isScalar);
    return values.length ? withDescription({ enum: values }, s) : ANY;
  }
  const alternatives = (s.anyOf ?? s.oneOf) as unknown;
  if (Array.isArray(alternatives)) return withDescription({ oneOf: alternatives.map((a) => convert(a, depth + 1)) }, s);
  if (typeof s.$ref === "string" && s.$ref.startsWith("#/$defs/")) return withDescription({ $ref: s.$ref }, s);

  const type = s.type;
  if (Array.isArray(type)) {
    // ["string", "null"] stays a union of primitives; a union with object/array widens.
    return type.every((t) => PRIMITIVES.has(String(t))) ? withDescription({ type }, s) : ANY;
  }
  if (type === "string") {
    const out: Record<string, unknown> = { type: "string" };
    if (typeof s.format === "string" && FORMATS.has(s.format)) out.format = s.format;
    else {
      if (typeof s.minLength === "number") out.minLength = s.minLength;
      if (typeof s.maxLength === "number") out.maxLength = s.maxLength;
    }
    return withDescription(out, s);
  }
  if (type === "number" || type === "integer" || type === "boolean" || type === "null") return withDescription({ type }, s);
  if (type === "array") {
    const out: Record<string, unknown> = { type: "array" };
    if (s.items !== undefined) out.items = convert(s.items, depth + 1);
    if (Array.isArray(s.prefixItems)) out.prefixItems = s.prefixItems.map((p) => convert(p, depth + 1));
    if (typeof s.minItems === "number") out.minItems = s.minItems;
    if (typeof s.maxItems === "number") out.maxItems = s.maxItems;
    return withDescription(out, s);
  }
  if (type === "object" || isObj(s.properties)) {
    const out: Record<string, unknown> = { type: "object" };
    const props = isObj(s.properties) ? s.properties : {};
    out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convert(v, depth + 1)]));
    if (Array.isArray(s.required)) out.required = s.required.filter((k) => typeof k === "string" && k in props);
    // zod objects are strict (additionalProperties: false); records give a value schema.
    if (s.additionalProperties === false) out.additionalProperties = false;
    else if (isObj(s.additionalProperties)) out.additionalProperties = convert(s.additionalProperties, depth + 1);
    else out.additionalProperties = Object.keys(props).length === 0;
    return withDescription(out, s);
  }
  return ANY;
}

/** The grammar schema of a tool's arguments (top level: an object). */
export function toGbnfSchema(schema: unknown): GbnfSchema {
  const root = isObj(schema) ? schema : {};
  const out = convert({ ...root, type: "object" }, 0);
  const defs = isObj(root.$defs) ? root.$defs : undefined;
  return defs ? { ...out, $defs: Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, convert(v, 1)])) } : out;
}
