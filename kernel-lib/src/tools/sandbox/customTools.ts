/**
 * The custom tools of one session: created at run time by the agent (`create_custom_tool`) or a
 * user (`nb.addTool`), validated when added, run in the sandbox with arguments checked by zod.
 */
import { closestNames, MMMError } from "../../errors";
import { buildArgsSchema, describeParams, normalizeParams, type ArgsSchema, type NormalizedParam, type ParamSpec } from "./paramSchema";
import { checkToolCode, runPreparedCode, type SandboxData, type SandboxLimits, type SandboxOptions, type SandboxRun } from "./runSandboxed";
import { prepareToolCode, type ToolLanguage } from "./stripTypes";

export type { ParamType, ParamSpec, NormalizedParam, CanonicalParamType } from "./paramSchema";

/** What the agent or user writes to create a tool. */
export interface CustomToolSpec {
  /** snake_case, ≤ 64 characters (the limit of OpenAI-style function names). */
  name: string;
  description: string;
  /** JavaScript or TypeScript defining `function tool_fn(args) { ... }` (or `toolFn`). */
  code: string;
  params: Record<string, ParamSpec>;
}

/** A stored tool, as listed and inspected. */
export interface CustomToolInfo {
  name: string;
  description: string;
  params: Record<string, NormalizedParam>;
  code: string;
  language: ToolLanguage;
  createdAt: string;
  calls: number;
}

interface Entry {
  info: CustomToolInfo;
  js: string;
  schema: ArgsSchema;
}

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export interface CustomToolRegistryOptions {
  /** Limits for every run unless a call gives its own. */
  limits?: Partial<SandboxLimits>;
  /** Extra sandbox options (log lines, seed). */
  sandbox?: Omit<SandboxOptions, "toolName">;
}

/**
 * @example
 * const tools = new CustomToolRegistry();
 * await tools.add({ name: "double", description: "Doubles x", params: { x: "float" },
 *   code: "function tool_fn({ x }) { return { y: 2 * x } }" });
 * await tools.run("double", { x: 2 }, undefined); // { y: 4 }
 */
export class CustomToolRegistry {
  private readonly tools = new Map<string, Entry>();

  constructor(private readonly options: CustomToolRegistryOptions = {}) {}

  /**
   * Validate and store a tool (replacing one of the same name). Async because the code is
   * compiled and its top level run in a sandbox to check that it defines `tool_fn`.
   */
  async add(spec: CustomToolSpec, opts: { reservedNames?: readonly string[] } = {}): Promise<CustomToolInfo> {
    const name = checkName(spec?.name, opts.reservedNames ?? []);
    if (typeof spec.description !== "string" || spec.description.trim() === "") {
      throw invalid(`Custom tool '${name}' needs a description.`, "Say in one line what it computes and returns.");
    }
    if (typeof spec.code !== "string" || spec.code.trim() === "") {
      throw invalid(`Custom tool '${name}' has no code.`, "Define function tool_fn(args) { ... } returning a JSON value.");
    }
    const params = normalizeParams(spec.params ?? {}, name);
    const prepared = prepareToolCode(spec.code, name);
    await checkToolCode(prepared.js, name, this.options.limits);
    const info: CustomToolInfo = {
      name,
      description: spec.description.trim(),
      params,
      code: spec.code,
      language: prepared.language,
      createdAt: new Date().toISOString(),
      calls: 0,
    };
    this.tools.set(name, { info, js: prepared.js, schema: buildArgsSchema(params) });
    return copyInfo(info);
  }

  list(): CustomToolInfo[] {
    return [...this.tools.values()].map((e) => copyInfo(e.info));
  }

  get(name: string): CustomToolInfo | undefined {
    const e = this.tools.get(name);
    return e ? copyInfo(e.info) : undefined;
  }

  remove(name: string): boolean {
    return this.tools.delete(name);
  }

  /** The zod schema of a tool's arguments (for binding it as a LangChain tool). */
  schema(name: string): ArgsSchema {
    return this.entry(name).schema;
  }

  /** Validate `args` against the tool's schema and run it; returns the JSON result. */
  async run(name: string, args: unknown, data: SandboxData | undefined, limits?: Partial<SandboxLimits>): Promise<unknown> {
    return (await this.runDetailed(name, args, data, limits)).result;
  }

  /** {@link run}, also returning the console output and the time taken. */
  async runDetailed(name: string, args: unknown, data: SandboxData | undefined, limits?: Partial<SandboxLimits>): Promise<SandboxRun> {
    const entry = this.entry(name);
    const parsed = entry.schema.safeParse(args ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "args"}: ${i.message}`).join("; ");
      throw invalid(`Invalid arguments for custom tool '${name}': ${problems}.`, `Expected parameters: ${describeParams(entry.info.params)}.`);
    }
    entry.info.calls++;
    return runPreparedCode(
      entry.js,
      parsed.data,
      data,
      { ...this.options.limits, ...limits },
      {
        ...this.options.sandbox,
        toolName: name,
      },
    );
  }

  private entry(name: string): Entry {
    const e = this.tools.get(name);
    if (e) return e;
    const names = [...this.tools.keys()];
    const close = closestNames(String(name), names);
    throw new MMMError(
      "INVALID_ARGUMENT",
      `No custom tool named '${String(name)}'.`,
      close.length ? `Did you mean ${close.map((c) => `'${c}'`).join(" or ")}?` : names.length ? `Custom tools: ${names.join(", ")}.` : "No custom tools have been created yet.",
    );
  }
}

function checkName(name: unknown, reserved: readonly string[]): string {
  if (typeof name !== "string" || !TOOL_NAME.test(name)) {
    throw invalid(`Custom tool name ${JSON.stringify(name)} is not snake_case.`, "Use lower-case letters, digits and underscores, starting with a letter, at most 64 characters (e.g. detect_seasonality).");
  }
  if (reserved.includes(name)) {
    throw invalid(`Custom tool name '${name}' is taken by a built-in tool.`, `Choose another name, e.g. custom_${name}.`);
  }
  return name;
}

function copyInfo(info: CustomToolInfo): CustomToolInfo {
  const params = Object.fromEntries(Object.entries(info.params).map(([k, p]) => [k, { ...p }]));
  return { ...info, params };
}

function invalid(what: string, hint: string): MMMError {
  return new MMMError("INVALID_ARGUMENT", what, hint);
}
