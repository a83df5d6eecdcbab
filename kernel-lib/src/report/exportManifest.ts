/**
 * What an export wrote, so the next export knows what it may replace: `.agentic-mmm-export.json`
 * in the export directory lists each file with the SHA-256 of the content we wrote. A file that is
 * not listed, or whose content changed since (hand-edited), is never overwritten unless the
 * analyst says `overwrite: true`. Files are written to a temporary name and renamed into place, so a
 * symlink or hard link planted at the target is replaced, never followed.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMError } from "../errors";
import { assertRealDir } from "../util/exportPaths";

export const MANIFEST = ".agentic-mmm-export.json";

interface Manifest {
  tool: "agentic-mmm";
  version: 1;
  files: Record<string, string>;
}

/** A file to write: its path relative to the export directory and its content. */
export interface PlannedFile {
  rel: string;
  content: string | Buffer;
}

const sha256 = (b: string | Buffer) => createHash("sha256").update(b).digest("hex");

function readManifest(dir: string): Record<string, string> {
  const file = path.join(dir, MANIFEST);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    st = undefined; // the folder itself does not exist yet
  }
  if (!st) return {};
  if (!st.isFile()) throw new MMMError("INVALID_ARGUMENT", `Refusing to export to "${dir}": its ${MANIFEST} is not a regular file.`, "Remove it, or export to another directory.", { file });
  try {
    const m = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Manifest>;
    return m.tool === "agentic-mmm" && m.files && typeof m.files === "object" ? m.files : {};
  } catch {
    return {};
  }
}

/** Why `abs` may not be replaced, if it may not. */
function conflict(abs: string, rel: string, known: Record<string, string>): string | undefined {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st) return undefined;
  if (st.isSymbolicLink()) return "is a symlink";
  if (!st.isFile()) return "is not a regular file";
  if (!known[rel]) return "was not written by agentic-mmm";
  if (sha256(fs.readFileSync(abs)) !== known[rel]) return "was edited since agentic-mmm wrote it";
  return undefined;
}

/** Write `content` to `abs` through a fresh temporary file renamed into place. */
function writeAtomic(abs: string, content: string | Buffer): void {
  const tmp = `${abs}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
  try {
    fs.writeFileSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, abs);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export interface WriteOptions {
  overwrite: boolean;
  /** Hint when a file may not be replaced (the agent cannot pass overwrite). */
  conflictHint: string;
  /** Turns a failed write into a clear error. */
  attempt: (file: string, write: () => void) => string;
}

/**
 * Check every file of `files` may be written under `dir` (which may not exist yet): no symlinked
 * folder or file, nothing hand-written or edited unless `overwrite`. Run before anything is created.
 */
export function checkTracked(dir: string, files: PlannedFile[], o: Pick<WriteOptions, "overwrite" | "conflictHint">): void {
  const known = readManifest(dir);
  for (const f of files) {
    const abs = path.join(dir, f.rel);
    assertRealDir(path.dirname(abs));
    const why = conflict(abs, f.rel, known);
    if (!why) continue;
    if (why === "is a symlink" || why === "is not a regular file" || !o.overwrite) {
      throw new MMMError("INVALID_ARGUMENT", `Refusing to overwrite "${abs}": it ${why}.`, why === "is a symlink" ? "Exports never follow symlinks: remove it or export to another directory." : o.conflictHint, { file: abs });
    }
  }
}

/** Write `files` under `dir` (checked by checkTracked, folders made) and record them in the manifest. */
export function writeTracked(dir: string, files: PlannedFile[], o: WriteOptions): string[] {
  checkTracked(dir, files, o);
  const known = readManifest(dir);
  const written: string[] = [];
  const manifest: Manifest = { tool: "agentic-mmm", version: 1, files: { ...known } };
  for (const f of files) {
    const abs = path.join(dir, f.rel);
    written.push(o.attempt(abs, () => writeAtomic(abs, f.content)));
    manifest.files[f.rel] = sha256(f.content);
  }
  o.attempt(path.join(dir, MANIFEST), () => writeAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 1)));
  return written;
}
