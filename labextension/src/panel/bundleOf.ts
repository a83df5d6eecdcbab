/** The MIME bundle an iopub message carries (display, display update or execute result). */
import type { IOPubLike } from "./kernelBridge";

export function bundleOf(msg: IOPubLike): Record<string, unknown> | undefined {
  const t = msg.header.msg_type;
  if (t !== "display_data" && t !== "update_display_data" && t !== "execute_result") return undefined;
  const data = (msg.content as { data?: unknown } | undefined)?.data;
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
