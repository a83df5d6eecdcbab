/**
 * Stands in for the tslab kernel's display writer (`lastWriteDisplayData` of tslab/dist/jupyter.js,
 * found through require.cache by notebook/kernelDisplay.ts), recording every MIME bundle a cell
 * would show, exactly as it would go on the wire.
 */
import * as path from "node:path";

export interface RecordedDisplay {
  data: Record<string, unknown>;
  transient: { display_id?: string };
  update: boolean;
}

export function installKernelWriter(): { outputs: RecordedDisplay[]; uninstall(): void } {
  const file = path.join(process.cwd(), "__fake_kernel__", "node_modules", "tslab", "dist", "jupyter.js");
  const outputs: RecordedDisplay[] = [];
  const lastWriteDisplayData = (msg: { data: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => {
    outputs.push({ data: JSON.parse(JSON.stringify(msg.data)) as Record<string, unknown>, transient: msg.transient, update });
  };
  require.cache[file] = { id: file, filename: file, loaded: true, exports: { lastWriteDisplayData } } as unknown as NodeJS.Module;
  return { outputs, uninstall: () => void delete require.cache[file] };
}
