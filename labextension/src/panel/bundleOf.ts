/** What an iopub message carries: its MIME bundle, or its stream text. */
import type { IOPubLike } from "./kernelBridge";

/** The text of a `stream` message (stdout/stderr); undefined for any other message. */
export function streamText(msg: IOPubLike): string | undefined {
  return msg.header.msg_type === "stream" ? String((msg.content as { text?: unknown }).text ?? "") : undefined;
}

/** The MIME bundle of a display, display update or execute result. */

export function bundleOf(msg: IOPubLike): Record<string, unknown> | undefined {
  const t = msg.header.msg_type;
  if (t !== "display_data" && t !== "update_display_data" && t !== "execute_result") return undefined;
  const data = (msg.content as { data?: unknown } | undefined)?.data;
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
