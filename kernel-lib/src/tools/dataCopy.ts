/**
 * The copy of the working table a custom tool receives: plain column arrays (dates as ISO
 * strings), at most `maxRows` rows, so the sandbox never touches Polars or host memory.
 */
import type { DataFrame } from "../data/polars";
import type { SandboxData } from "./sandbox/runSandboxed";

export function frameToSandboxData(frame: DataFrame, maxRows = 200_000): SandboxData {
  const df = frame.height > maxRows ? frame.head(maxRows) : frame;
  const columns: SandboxData["columns"] = {};
  for (const name of df.columns) {
    columns[name] = Array.from(df.getColumn(name).toArray() as unknown[], (v) => {
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (typeof v === "bigint") return Number(v);
      if (typeof v === "number") return Number.isFinite(v) ? v : null;
      if (typeof v === "string" || typeof v === "boolean") return v;
      return String(v);
    });
  }
  return { columns };
}
