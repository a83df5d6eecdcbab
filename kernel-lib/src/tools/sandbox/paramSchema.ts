/**
 * A custom tool's parameters: the loose spellings an LLM writes ("int", "str", "list", ...) made
 * canonical, and the zod schema that validates a call's arguments before the sandbox runs.
 */
import { z } from "zod";
import { MMMError } from "../../errors";

export type ParamType = "str" | "string" | "int" | "integer" | "float" | "number" | "bool" | "boolean" | "list" | "array" | "object";

export type CanonicalParamType = "string" | "integer" | "number" | "boolean" | "array" | "object";

/** A parameter as written: a bare type, or a type with a description, optionality and a default. */
export type ParamSpec = ParamType | { type: ParamType; description?: string; optional?: boolean; default?: unknown };

/** A parameter as stored: canonical type, optional when it has a default. */
export interface NormalizedParam {
  type: CanonicalParamType;
  description?: string;
  optional: boolean;
  default?: unknown;
}

const CANONICAL: Record<ParamType, CanonicalParamType> = {
  str: "string",
  string: "string",
  int: "integer",
  integer: "integer",
  float: "number",
  number: "number",
  bool: "boolean",
  boolean: "boolean",
  list: "array",
  array: "array",
  object: "object",
};

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type ArgsSchema = z.ZodObject<Record<string, z.ZodType>, z.core.$strict>;

/**
 * Canonical parameters, or an `MMMError` naming the bad one.
 * @example normalizeParams({ lags: { type: "int", default: 52 } }, "t").lags
 * // { type: "integer", optional: true, default: 52 }
 */
export function normalizeParams(params: Record<string, ParamSpec>, toolName: string): Record<string, NormalizedParam> {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw bad(toolName, "params must be an object mapping each parameter name to its type.");
  }
  const out: Record<string, NormalizedParam> = {};
  for (const [name, spec] of Object.entries(params)) {
    if (!PARAM_NAME.test(name)) throw bad(toolName, `parameter name '${name}' is not an identifier (letters, digits, _).`);
    const written = typeof spec === "string" ? { type: spec } : spec;
    const type = written && typeof written === "object" ? CANONICAL[written.type] : undefined;
    if (!type) {
      throw bad(toolName, `parameter '${name}' has an unknown type ${JSON.stringify(written?.type ?? spec)}; use one of ${Object.keys(CANONICAL).join(", ")}.`);
    }
    const p: NormalizedParam = { type, optional: Boolean(written.optional) || written.default !== undefined };
    if (written.description) p.description = String(written.description);
    if (written.default !== undefined) p.default = written.default;
    if (p.default !== undefined && !paramSchema(p.type).safeParse(p.default).success) {
      throw bad(toolName, `the default of parameter '${name}' (${JSON.stringify(p.default)}) is not a ${p.type}.`);
    }
    out[name] = p;
  }
  return out;
}

/** The zod schema for a call's arguments: unknown keys are rejected so typos are caught. */
export function buildArgsSchema(params: Record<string, NormalizedParam>): ArgsSchema {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, p] of Object.entries(params)) {
    let s: z.ZodType = paramSchema(p.type);
    if (p.description) s = s.describe(p.description);
    if (p.default !== undefined) s = s.default(p.default as never);
    else if (p.optional) s = s.optional();
    shape[name] = s;
  }
  return z.strictObject(shape);
}

function paramSchema(type: CanonicalParamType): z.ZodType {
  switch (type) {
    case "string":
      return z.string();
    case "integer":
      return z.number().int();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "array":
      return z.array(z.any());
    case "object":
      return z.record(z.string(), z.any());
  }
}

/** One line per parameter, for hints: `lags (integer, optional, default 52)`. */
export function describeParams(params: Record<string, NormalizedParam>): string {
  const parts = Object.entries(params).map(([name, p]) => {
    const extra = [p.type, p.optional ? "optional" : "", p.default !== undefined ? `default ${JSON.stringify(p.default)}` : ""];
    return `${name} (${extra.filter(Boolean).join(", ")})`;
  });
  return parts.length ? parts.join("; ") : "no parameters";
}

function bad(toolName: string, what: string): MMMError {
  return new MMMError("INVALID_ARGUMENT", `Custom tool '${toolName}': ${what}`, "Fix the tool's params and create it again.");
}
