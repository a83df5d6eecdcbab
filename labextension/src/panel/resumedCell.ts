/**
 * An answer sent from the panel (or a question widget) resumes the run in a silent call, whose
 * outputs would otherwise be in no cell: they go into a new code cell below the question's cell,
 * so the notebook keeps the resumed run's trace, charts and report like a cell that ran it.
 * `resumedOutputs` is DOM-free (unit-tested); `insertResumedCell` touches the notebook model.
 */
import type { NotebookPanel } from "@jupyterlab/notebook";
import { MIME, type PanelRequest } from "agentic-mmm-protocol";
import { cellCode } from "../code";
import type { IOPubLike } from "./kernelBridge";

export type CellOutput = { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> } | { output_type: "stream"; name: "stdout"; text: string };

type Content = { data?: unknown; text?: unknown; name?: unknown; transient?: { display_id?: unknown } };

/**
 * The outputs a cell would hold after these messages: a display updated in place (same
 * display_id) keeps its first position with its last data; stdout runs are merged.
 */
export function resumedOutputs(messages: readonly IOPubLike[]): CellOutput[] {
  const out: CellOutput[] = [];
  const at = new Map<string, number>();
  for (const m of messages) {
    const c = (m.content ?? {}) as Content;
    const type = m.header.msg_type;
    if (type === "stream") {
      const last = out[out.length - 1];
      if (c.name !== "stdout") continue;
      if (last?.output_type === "stream") last.text += String(c.text ?? "");
      else out.push({ output_type: "stream", name: "stdout", text: String(c.text ?? "") });
      continue;
    }
    if (typeof c.data !== "object" || c.data === null) continue;
    const output: CellOutput = { output_type: "display_data", data: c.data as Record<string, unknown>, metadata: {} };
    const id = typeof c.transient?.display_id === "string" ? c.transient.display_id : undefined;
    const i = id === undefined ? undefined : at.get(id);
    if (type === "update_display_data") {
      if (i !== undefined) out[i] = output;
    } else if (type === "display_data" || type === "execute_result") {
      if (id !== undefined) at.set(id, out.length);
      out.push(output);
    }
  }
  return out;
}

type OutputList = { length: number; get(i: number): { data: Record<string, unknown> } };

/** The index after the last cell showing question `id` (the end of the notebook when none does). */
function afterQuestion(panel: NotebookPanel, id: string): number {
  const cells = panel.content.model?.cells;
  let index = cells?.length ?? 0;
  for (let i = 0; cells && i < cells.length; i++) {
    const outputs = (cells.get(i) as unknown as { outputs?: OutputList }).outputs;
    for (let j = 0; outputs && j < outputs.length; j++) {
      const q = outputs.get(j).data[MIME.question] as { id?: unknown } | undefined;
      if (q?.id === id) index = i + 1;
    }
  }
  return index;
}

/** Put the resumed run's outputs in a new cell below the question (nothing when there are none). */
export function insertResumedCell(panel: NotebookPanel, request: Extract<PanelRequest, { kind: "answer" }>, messages: readonly IOPubLike[]): void {
  const model = panel.content.model;
  const outputs = resumedOutputs(messages);
  if (!model || !outputs.length) return;
  const source = `// agentic-mmm: answered ${JSON.stringify(request.value)} in the side panel; the resumed run's output is below.\n// The same answer from a cell: ${cellCode(request)}`;
  model.sharedModel.insertCell(afterQuestion(panel, request.questionId), { cell_type: "code", source, metadata: { "agentic-mmm": { resumed: request.questionId } }, outputs: outputs as never, execution_count: null });
}
