/**
 * Where an export may write, checked before anything is created. The analyst's own `nb.export(dir)`
 * may name any directory, except special filesystems (/proc, /sys, /dev: `mkdirSync` recursive never
 * returns under /proc on Node 20) and a target that is a symlink. The agent's `export_report` is
 * confined to one export root: a relative path, no `..`, no symlink at any level below the root.
 * Directories are then created one level at a time, never with `recursive`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MMMError } from "../errors";

const SPECIAL_DIRS = ["/proc", "/sys", "/dev"];
/** statfs magic numbers of kernel pseudo-filesystems (proc, sysfs, cgroup2, debugfs, securityfs, configfs, tracefs). */
const SPECIAL_FS = new Set([0x9fa0, 0x62656572, 0x63677270, 0x64626720, 0x73636673, 0x62656570, 0x74726163]);
const MAX_PATH = 1024;
const MAX_NAME = 255;

const underSpecial = (p: string) => SPECIAL_DIRS.some((s) => p === s || p.startsWith(`${s}/`));

function refuse(what: string, hint: string, file: string): never {
  throw new MMMError("INVALID_ARGUMENT", what, hint, { file });
}

function lstat(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

/** The deepest existing ancestor of `p` (or `p` itself), found with lstat only. */
function nearestExisting(p: string): string {
  let cur = p;
  while (!lstat(cur)) {
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return cur;
}

/** Refuse /proc, /sys, /dev and kernel pseudo-filesystems, by name and by where the nearest existing ancestor really is. */
export function assertNotSpecial(target: string): void {
  const hint = "Export to a normal directory (e.g. ./mmm-output or your home directory).";
  if (underSpecial(target)) refuse(`Cannot export to "${target}": it is on a special filesystem (/proc, /sys or /dev).`, hint, target);
  const base = nearestExisting(target);
  let real = base;
  try {
    real = fs.realpathSync(base);
  } catch {
    // A dangling symlink: the symlink checks below refuse it.
  }
  if (underSpecial(real)) refuse(`Cannot export to "${target}": "${base}" resolves to "${real}", a special filesystem.`, hint, target);
  try {
    if (SPECIAL_FS.has(Number(fs.statfsSync(real).type))) refuse(`Cannot export to "${target}": "${real}" is a kernel pseudo-filesystem.`, hint, target);
  } catch (err) {
    if (err instanceof MMMError) throw err;
  }
}

function assertLength(target: string): void {
  const long = Buffer.byteLength(target) > MAX_PATH || target.split(path.sep).some((s) => Buffer.byteLength(s) > MAX_NAME);
  if (long) refuse(`Cannot export to "${target.slice(0, 120)}…": the path is too long (at most ${MAX_PATH} bytes, ${MAX_NAME} per name).`, "Choose a shorter directory name.", target.slice(0, MAX_PATH));
  if (target.includes("\0")) refuse("Cannot export to a path containing a NUL character.", "Choose a plain directory name.", target.replace(/\0/g, "\\0"));
}

/** Refuse a symlink at `p`; an existing non-directory is a clear "cannot write" error. */
export function assertRealDir(p: string, what = "directory"): void {
  const st = lstat(p);
  if (!st) return;
  if (st.isSymbolicLink()) refuse(`Refusing to export through the symlink "${p}" (the ${what}).`, "Exports never follow symlinks: use a real directory.", p);
  if (!st.isDirectory()) refuse(`Could not write "${p}" (it exists and is not a directory).`, "Choose a directory you can write to (check it is not a file, read-only, or on a full disk).", p);
}

/** The analyst's own export directory: anywhere but special filesystems, and not a symlink. */
export function analystExportDir(dir: string): string {
  const target = path.resolve(dir);
  assertLength(target);
  assertNotSpecial(target);
  assertRealDir(target, "export directory");
  return target;
}

/** Why `dir` (as the agent gave it) cannot be a path under the export root, if it cannot. */
function relativeProblem(dir: string): string | undefined {
  if (path.isAbsolute(dir) || /^[A-Za-z]:/.test(dir) || dir.startsWith("\\")) return "it is an absolute path";
  if (dir.startsWith("~")) return "it starts with ~ (home directories are outside the export root)";
  if (dir.split(/[\\/]+/).includes("..")) return "it contains '..'";
  return undefined;
}

/** The agent's export directory: `dir` relative to `root`, with no symlink anywhere below the root. */
export function confinedExportDir(root: string, dir: string | undefined): string {
  const base = path.resolve(root);
  const rel = dir ?? ".";
  const problem = relativeProblem(rel);
  const hint = `The agent writes reports only under the export root "${base}": give a relative directory such as "report" (the analyst can export anywhere with nb.export(dir), or change exportRoot in the agent config).`;
  if (problem) refuse(`Refusing to export to "${rel}": ${problem}.`, hint, rel);
  const target = path.resolve(base, rel);
  if (target !== base && !target.startsWith(`${base}${path.sep}`)) refuse(`Refusing to export to "${rel}": it is outside the export root.`, hint, rel);
  assertLength(target);
  assertNotSpecial(base);
  assertNotSpecial(target);
  const parts = path.relative(base, target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) assertRealDir(path.join(base, ...parts.slice(0, i)), i === 0 ? "export root" : "export directory");
  return target;
}

/** Create `target` one level at a time (never recursive), checking each level is a real directory. */
export function makeDirs(target: string): void {
  const missing: string[] = [];
  for (let cur = target; !lstat(cur); cur = path.dirname(cur)) {
    missing.unshift(cur);
    if (path.dirname(cur) === cur) break;
  }
  const first = missing[0] ? path.dirname(missing[0]) : target;
  assertRealDirOrParent(first);
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    assertRealDir(dir);
  }
}

/** The existing ancestor we create under must be a directory (a symlinked ancestor is the analyst's own layout). */
function assertRealDirOrParent(p: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(p);
  } catch {
    st = undefined;
  }
  if (st && !st.isDirectory()) refuse(`Could not write under "${p}" (it is not a directory).`, "Choose a directory you can write to (check it is not a file, read-only, or on a full disk).", p);
}
