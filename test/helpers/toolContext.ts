/**
 * Runs a built-in tool outside the agent graph, with the context the tool node would give it, so a
 * test can call `roi_summary` or `optimize_budget` on an engine directly.
 */
import { AGENT_CFG, BUILTIN_TOOLS, CustomToolRegistry, type MMMEngine, type ToolContext } from "../../kernel-lib/src";

export function toolContext(engine: MMMEngine, overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    engine,
    customTools: new CustomToolRegistry(),
    config: { ...AGENT_CFG },
    phase: "MODELING",
    notes: [...engine.analysis.notes],
    transitions: [],
    catalogue: () => [],
    update: () => {},
    progress: () => {},
    ...overrides,
  };
}

export async function runTool<T = Record<string, unknown>>(engine: MMMEngine, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const tool = BUILTIN_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no built-in tool '${name}'`);
  return (await tool.run(tool.schema.parse(args), toolContext(engine))) as T;
}
