/**
 * A directory tree as data (kind, size, content hash, symlink target; mtimes left out), to prove a
 * hostile export changed nothing outside its export root; and a scan of every file for strings.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export type TreeSnapshot = Record<string, string>;

/** Every entry under `dir` (symlinks not followed), except those under the `skip` directories. */
export function snapshotTree(dir: string, skip: string[] = []): TreeSnapshot {
  const out: TreeSnapshot = {};
  const walk = (p: string) => {
    if (skip.some((s) => p === s || p.startsWith(`${s}${path.sep}`))) return;
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) return;
    const rel = path.relative(dir, p) || ".";
    if (st.isSymbolicLink()) out[rel] = `link → ${fs.readlinkSync(p)}`;
    else if (st.isFile()) out[rel] = `file ${st.size} ${createHash("sha256").update(fs.readFileSync(p)).digest("hex").slice(0, 16)} nlink=${st.nlink}`;
    else if (st.isDirectory()) {
      out[rel] = "dir";
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else out[rel] = "other";
  };
  walk(dir);
  return out;
}

/** Every regular file under `dir` (symlinks not followed) whose content contains one of `needles`. */
export function filesContaining(dir: string, needles: string[]): { file: string; needle: string }[] {
  const hits: { file: string; needle: string }[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) return;
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    else if (st.isFile()) {
      const text = fs.readFileSync(p).toString("latin1");
      for (const n of needles) if (text.includes(n) || path.basename(p).includes(n)) hits.push({ file: p, needle: n });
    }
  };
  walk(dir);
  return hits;
}
