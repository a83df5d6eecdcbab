/**
 * Which tools a model call gets, and which phase a tool's success moves the analysis to — both read
 * from the phase each tool declares on itself (tools/types.ts: `phase`, `alsoIn`); the
 * transition rule itself is the workflow's (workflow/phases.ts: `phaseAfterSuccess`).
 *
 * Databricks Model Serving answers 400 Bad Request above 32 tools in one call, and a model picks
 * better among fewer. So each call binds, in this order of priority and never more than
 * `maxToolsPerCall` (AGENT_CFG, default 32):
 *   1. use_tool and list_all_tools — the escape hatch: every registered tool stays reachable;
 *   2. the other "always" tools (asking, notes, history, status, phase, exploration, custom-tool admin);
 *   3. the current phase's tools (declared `phase`, or `alsoIn`);
 *   4. the tools of the phases just before and after it: the likely next call, or a step back;
 *   5. custom tools, the most recently created first.
 * Binding is only what the model is shown: the tool node runs any registered tool by name (the
 * offline planner, which ignores the bound list, relies on it), so nothing depends on the scope
 * but the size of the request.
 */
import { BUILTIN_TOOLS } from "../tools/registry";
import { USE_TOOL } from "../tools/useTool";
import type { MmmTool } from "../tools/types";
import { neighbours, phaseAfterSuccess, type Phase } from "../workflow";

/** Bound first, so they survive any cap: with them the model can reach every other tool. */
export const ESCAPE_HATCH: readonly string[] = [USE_TOOL, "list_all_tools"];

/** The most tools one call may carry where nothing else is configured (Databricks Model Serving's limit). */
export const DEFAULT_MAX_TOOLS = 32;

const BY_NAME = new Map(BUILTIN_TOOLS.map((t) => [t.name, t]));

const boundIn = (t: MmmTool, p: Phase) => t.phase === p || (t.alsoIn ?? []).includes(p);

/**
 * The names bound to a model call in `phase`, best first, at most `cap`. `custom`: the session's
 * custom tool names, most recent first.
 */
export function toolScope(phase: Phase, custom: readonly string[], cap: number = DEFAULT_MAX_TOOLS): string[] {
  // IDLE has no tools of its own: a conversation starts there, often with data already loaded
  // (initMMM), so it gets DATA_LOADING's scope, which reaches the profiling tools.
  const at: Phase = phase === "IDLE" ? "DATA_LOADING" : phase;
  const near = neighbours(at);
  const tiers: string[][] = [
    [...ESCAPE_HATCH],
    BUILTIN_TOOLS.filter((t) => t.phase === "always").map((t) => t.name),
    BUILTIN_TOOLS.filter((t) => boundIn(t, at)).map((t) => t.name),
    BUILTIN_TOOLS.filter((t) => near.some((p) => t.phase === p)).map((t) => t.name),
    [...custom],
  ];
  const limit = Math.max(ESCAPE_HATCH.length, Math.floor(Number.isFinite(cap) ? cap : DEFAULT_MAX_TOOLS));
  return [...new Set(tiers.flat())].slice(0, limit);
}

/** The phase after a successful call of `tool` in `current`: the tool's own phase when later (forward moves only). */
export function phaseAfterTool(current: Phase, tool: string): Phase {
  return phaseAfterSuccess(current, BY_NAME.get(tool)?.phase);
}
