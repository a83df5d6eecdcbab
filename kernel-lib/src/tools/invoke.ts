/**
 * Running one tool call — built-in or custom — and turning its outcome into JSON text: the tool
 * node of the agent's graph and the agent-free `fullAnalysis` both run tools through here. Every
 * failure (unknown tool, a schema violation, an error inside the tool) becomes `{ error, hint }`
 * (plus `code` from an `MMMError`) so the caller can recover; nothing here throws. Results are
 * redacted here: data, files or custom code may hold a secret.
 */
import type { z } from "zod";
import type { AgentConfig } from "../config";
import type { MMMEngine } from "../engine";
import { closestNames, errorMessage, MMMError } from "../errors";
import { redact, redactDeep } from "../secrets";
import type { Phase, PhaseTransition } from "../workflow";
import { toolResultText } from "./compact";
import { frameToSandboxData } from "./dataCopy";
import type { ToolRegistry } from "./registry";
import type { CatalogueEntry, ToolContext, ToolProgress, ToolStateUpdate } from "./types";

/** What a tool call runs against. */
export interface ToolHost {
  engine: MMMEngine;
  registry: ToolRegistry;
  config: AgentConfig;
  signal?: AbortSignal;
}

export interface ToolCallLike {
  name: string;
  args?: Record<string, unknown>;
}

export function errorResult(what: string, hint?: string): string {
  return JSON.stringify(hint ? { error: what, hint } : { error: what });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `'${i.path.join(".") || "(arguments)"}': ${i.message}`).join("; ");
}

async function runTool(host: ToolHost, call: ToolCallLike, ctx: ToolContext): Promise<{ text: string; ok: boolean }> {
  const tool = host.registry.builtin(call.name);
  if (tool) {
    const parsed = tool.schema.safeParse(call.args ?? {});
    if (!parsed.success) return { text: errorResult(`Invalid arguments for ${call.name}: ${describeIssues(parsed.error)}.`, "Fix the arguments to match the tool's schema and call it again."), ok: false };
    return { text: toolResultText(await tool.run(parsed.data, ctx)), ok: true };
  }
  if (host.registry.custom.get(call.name)) {
    const data = host.engine.status().loaded ? frameToSandboxData(host.engine.frame()) : undefined;
    return { text: toolResultText(await host.registry.custom.run(call.name, call.args ?? {}, data, host.config.customToolLimits)), ok: true };
  }
  const near = closestNames(
    call.name,
    host.registry.catalogue().map((t) => t.name),
  );
  return { text: errorResult(`Unknown tool '${call.name}'.`, `${near.length ? `Did you mean ${near.join(" or ")}? ` : ""}Call list_all_tools to see every tool.`), ok: false };
}

/** Run one tool call: its redacted JSON text and whether it succeeded. Never throws. */
export async function invokeTool(host: ToolHost, call: ToolCallLike, ctx: ToolContext): Promise<{ text: string; ok: boolean }> {
  let out: { text: string; ok: boolean };
  try {
    out = await runTool(host, call, ctx);
  } catch (err) {
    out = { ok: false, text: err instanceof MMMError ? JSON.stringify({ error: err.what, code: err.code, hint: err.hint }) : errorResult(`${call.name} failed: ${errorMessage(err)}`) };
  }
  return { ...out, text: redact(out.text) };
}

/** How a caller follows a tool's effects: its state changes (phase, notes) and progress. */
export interface ToolHooks {
  update: (patch: ToolStateUpdate) => void;
  progress: (p: ToolProgress) => void;
  /** The names the model was given for this call (list_all_tools marks them `bound`). */
  bound?: ReadonlySet<string>;
}

/** The context a tool runs with, as of now. */
export function toolContext(host: ToolHost, phase: Phase, transitions: readonly PhaseTransition[], hooks: ToolHooks): ToolContext {
  return {
    engine: host.engine,
    customTools: host.registry.custom,
    config: host.config,
    phase,
    // A snapshot: the analysis owns the notes, a tool reads them as of its call.
    notes: [...host.engine.analysis.notes],
    transitions,
    catalogue: (): CatalogueEntry[] => host.registry.catalogue().map((t) => ({ ...t, bound: hooks.bound?.has(t.name) })),
    update: (p) => {
      if (p.notes) host.engine.analysis.addNotes(redactDeep(p.notes));
      hooks.update({ ...p, notes: undefined });
    },
    progress: hooks.progress,
    signal: host.signal,
  };
}
