/**
 * Sending MIME bundles to the notebook. tslab's public `display.raw` sends one MIME type per
 * output; a bundle (our type + text/html + text/plain, so every frontend shows something) needs
 * the kernel's own writer, `lastWriteDisplayData` in tslab's jupyter module. We find the copy of
 * that module the running kernel loaded (require.cache) rather than requiring our own, which
 * could be a different instance. Outside a kernel, bundles print their text/plain to stdout.
 */
import { redactDeep } from "../secrets";

export type MimeBundle = Record<string, unknown>;

type Writer = (msg: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void;

function kernelWriter(): Writer | undefined {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const w = (mod?.exports as { lastWriteDisplayData?: Writer | null } | undefined)?.lastWriteDisplayData;
    if (typeof w === "function") return w;
  }
  return undefined;
}

/** True inside a tslab kernel that can show rich output. */
export function inKernel(): boolean {
  return kernelWriter() !== undefined;
}

/** Secrets never reach a notebook: every string (and key) in the bundle is redacted. */
function redactBundle(b: MimeBundle): MimeBundle {
  // Through JSON first (what goes on the wire): class instances inside become plain data, then every string is masked.
  return redactDeep(JSON.parse(JSON.stringify(b)) as MimeBundle);
}

/**
 * Show `bundle` in the current cell. With `displayId`, later calls with `update: true` replace it
 * in place (progress while a run is going).
 */
export function display(bundle: MimeBundle, opts: { displayId?: string; update?: boolean } = {}): void {
  const safe = redactBundle(bundle);
  const write = kernelWriter();
  if (!write) {
    if (!opts.update && typeof safe["text/plain"] === "string") console.log(safe["text/plain"]);
    return;
  }
  write({ data: safe, metadata: {}, transient: opts.displayId ? { display_id: opts.displayId } : {} }, opts.update === true);
}
