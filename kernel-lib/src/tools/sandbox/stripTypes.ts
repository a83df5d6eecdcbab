/**
 * Turns a custom tool's source (JavaScript or TypeScript) into plain JavaScript for QuickJS.
 * Types are removed with sucrase (pure JS; TypeScript 7 has no JS transpile API). Sucrase keeps
 * line numbers, so errors that QuickJS reports point at the author's own lines.
 */
import { transform } from "sucrase";
import { MMMError } from "../../errors";

export type ToolLanguage = "javascript" | "typescript";

export interface PreparedCode {
  /** Plain JavaScript, same line numbers as the source. */
  js: string;
  /** "typescript" when stripping changed anything, i.e. the source had type syntax. */
  language: ToolLanguage;
}

// `export function tool_fn` is a habit from modules; the sandbox runs a script, so drop the keyword.
const EXPORT_DECL = /^(\s*)export\s+(?:default\s+)?(?=(?:async\s+)?function\b|const\b|let\b|var\b|class\b)/gm;
const IMPORT = /^\s*import\s*[\w{*'"]/m;
const REQUIRE = /\brequire\s*\(/;

/**
 * Strip types and module keywords; reject imports with a message that says what to do instead.
 * @example prepareToolCode("function tool_fn(a: { x: number }): number { return a.x }").js
 * // "function tool_fn(a) { return a.x }"
 */
export function prepareToolCode(code: string, toolName: string): PreparedCode {
  if (IMPORT.test(code) || REQUIRE.test(code)) {
    throw new MMMError(
      "INVALID_ARGUMENT",
      `Custom tool '${toolName}' uses import/require, but the sandbox has no modules.`,
      "Write self-contained code: plain JavaScript or TypeScript with the built-ins (Math, JSON, Array, ...) and the global data.",
    );
  }
  const source = code.replace(EXPORT_DECL, "$1");
  let js: string;
  try {
    js = transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
  } catch (err) {
    throw syntaxError(toolName, err);
  }
  return { js, language: sameCode(js, source) ? "javascript" : "typescript" };
}

function sameCode(a: string, b: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, "");
  return squash(a) === squash(b);
}

function syntaxError(toolName: string, err: unknown): MMMError {
  const message = err instanceof Error ? err.message : String(err);
  const at = /\((\d+):(\d+)\)/.exec(message);
  const line = at ? Number(at[1]) : undefined;
  const what = message.replace(/\s*\(\d+:\d+\)\s*$/, "");
  return new MMMError("INVALID_ARGUMENT", `Custom tool '${toolName}' has a syntax error${line ? ` at line ${line}` : ""}: ${what}.`, "Fix the code and create the tool again.");
}
