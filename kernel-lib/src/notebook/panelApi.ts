/**
 * The kernel side of agentic-mmm-protocol's PanelApi: what the JupyterLab side panel may call on
 * `globalThis.agenticMMM.panel`. Answers are plain JSON (the panel reads them from printed
 * output); `answer` and `say` show their trace, question and charts in the output like a cell would.
 */
import type { PanelApi, PanelSessionState, Question } from "agentic-mmm-protocol";
import type { NotebookMMM } from "./notebookMMM";

/** A copy without undefined fields: what the panel reads is exactly what JSON carries. */
function plainQuestion(q: Question | undefined): Question | null {
  return q ? (JSON.parse(JSON.stringify(q)) as Question) : null;
}

function sessionState(nb: NotebookMMM | undefined): PanelSessionState | null {
  if (!nb) return null;
  const s = nb.state;
  return { session: nb.session, phase: s.phase, pendingQuestion: plainQuestion(nb.agent.pendingQuestion), lastRun: s.lastRun ? { ...s.lastRun } : null };
}

/**
 * @param get the session by id (null: the latest), throwing a readable error when there is none
 * @param find the session by id, or undefined
 */
export function panelApi(get: (id: string | null) => NotebookMMM, find: (id: string) => NotebookMMM | undefined): PanelApi {
  return {
    // The agent's own pending question (not the notebook's copy from its last call): an answer
    // given in a cell since then has already cleared it.
    pendingQuestion: (session) => plainQuestion(find(session)?.agent.pendingQuestion),
    async answer(session, questionId, value) {
      await get(session).answer(questionId, value);
    },
    async say(session, text) {
      await get(session).say(text);
    },
    state: (session) => sessionState(find(session)),
    latest() {
      try {
        return sessionState(get(null));
      } catch {
        return null; // no session yet (a new kernel): nothing waits
      }
    },
  };
}
