/**
 * Every NotebookMMM of the kernel, by session id, on a well-known global (`globalThis.agenticMMM`,
 * KERNEL_GLOBAL of agentic-mmm-protocol). Analysts reach a session with `agenticMMM.get(id)`; the
 * JupyterLab side panel goes through `agenticMMM.panel` only (./panelApi.ts), so it works whatever
 * variable the analyst chose and never depends on the sessions' internals.
 */
import { KERNEL_GLOBAL, type PanelApi } from "agentic-mmm-protocol";
import type { NotebookMMM } from "./notebookMMM";
import { panelApi } from "./panelApi";

export interface SessionRegistry {
  sessions: Map<string, NotebookMMM>;
  latest?: string;
  /** The session `id` (the latest one when omitted); throws a readable error when there is none. */
  get(id?: string | null): NotebookMMM;
  /** The calls the side panel makes (agentic-mmm-protocol's PanelApi). */
  panel: PanelApi;
}

export function sessionRegistry(): SessionRegistry {
  const g = globalThis as unknown as Record<string, SessionRegistry | undefined>;
  if (!g[KERNEL_GLOBAL]) {
    const reg: SessionRegistry = {
      sessions: new Map(),
      get(id) {
        const s = reg.sessions.get(id ?? reg.latest ?? "");
        if (!s) throw new Error(`No agentic-mmm session${id ? ` '${id}'` : ""} in this kernel: run initMMM first.`);
        return s;
      },
      panel: panelApi(
        (id) => reg.get(id),
        (id) => reg.sessions.get(id),
      ),
    };
    g[KERNEL_GLOBAL] = reg;
  }
  return g[KERNEL_GLOBAL]!;
}
