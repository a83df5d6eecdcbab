/**
 * Every NotebookMMM of the kernel, by session id, on a well-known global: the JupyterLab side
 * panel answers questions and chats by executing `await globalThis.agenticMMM.say(id, "…")` on
 * the kernel, without knowing the variable the analyst chose.
 */
import type { NotebookMMM } from "./notebookMMM";

export interface SessionRegistry {
  sessions: Map<string, NotebookMMM>;
  latest?: string;
  get(id?: string): NotebookMMM;
  say(id: string | undefined, text: string): Promise<unknown>;
  answer(id: string | undefined, questionId: string, value: unknown): Promise<unknown>;
}

const KEY = "agenticMMM";

export function sessionRegistry(): SessionRegistry {
  const g = globalThis as unknown as Record<string, SessionRegistry | undefined>;
  if (!g[KEY]) {
    const reg: SessionRegistry = {
      sessions: new Map(),
      get(id) {
        const s = reg.sessions.get(id ?? reg.latest ?? "");
        if (!s) throw new Error(`No agentic-mmm session${id ? ` '${id}'` : ""} in this kernel: run initMMM first.`);
        return s;
      },
      say: (id, text) => reg.get(id).say(text),
      answer: (id, q, v) => reg.get(id).answer(q, v),
    };
    g[KEY] = reg;
  }
  return g[KEY]!;
}
