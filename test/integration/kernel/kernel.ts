/**
 * Run TypeScript cells in a real tslab kernel (through the Python driver run_cells.py and
 * jupyter_client) and get back what a notebook would show for each cell.
 *
 * Python: $AGENTIC_MMM_PYTHON if set, else <repo>/.venv/bin/python (created by .ci/run, or by hand:
 * `python3 -m venv .venv && .venv/bin/pip install --index-url file:///opt/pypi/simple jupyter_client
 * nbclient ipykernel`). tslab: <repo>/node_modules/.bin/tslab (a root devDependency).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const DRIVER = path.join(__dirname, "run_cells.py");
export const TSLAB_BIN = path.join(REPO_ROOT, "node_modules", ".bin", "tslab");

/** One MIME bundle from display_data / execute_result / update_display_data. */
export interface KernelOutput {
  type: "display_data" | "execute_result" | "update_display_data";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface CellResult {
  index: number;
  /** Execute reply status; "abort" only if retries ran out; "timeout" if the cell did not finish. */
  status: "ok" | "error" | "abort" | "timeout";
  /** How many times the cell was sent (tslab answers "abort" to requests right after an error). */
  attempts: number;
  seconds: number;
  stdout: string;
  /** tslab reports compile and runtime errors here (there is no iopub "error" message). */
  stderr: string;
  outputs: KernelOutput[];
  /** Only set if the kernel sent an iopub "error" message or error fields in the reply. */
  error: { ename: string; evalue: string; traceback: string[] } | null;
  note?: string;
}

export interface RunCellsOptions {
  /** Working directory of the kernel: module resolution of `import ... from "agentic-mmm"` starts here. */
  cwd: string;
  /** Seconds per cell (default 120). */
  cellTimeoutSeconds?: number;
  /** Seconds for the whole run, kernel start included (default: 60 + cells × cell timeout). */
  totalTimeoutSeconds?: number;
  /** Extra environment for the driver and the kernel it starts. */
  env?: NodeJS.ProcessEnv;
  /** Start this installed kernelspec folder (with its kernel.json) instead of the repo's tslab. */
  kernelspec?: string;
}

/** Extra facts about a run, filled in by runCells for reporting. */
export interface RunInfo {
  kernelStartSeconds: number;
  totalSeconds: number;
}

export function pythonPath(): string {
  return process.env.AGENTIC_MMM_PYTHON || path.join(REPO_ROOT, ".venv", "bin", "python");
}

/** Whether the kernel tests can run here; `reason` says what is missing and how to get it. */
export function kernelAvailable(): { ok: boolean; reason?: string } {
  const py = pythonPath();
  if (!existsSync(py)) {
    return {
      ok: false,
      reason: `no Python at ${py}: create it with \`python3 -m venv .venv && .venv/bin/pip install --index-url file:///opt/pypi/simple jupyter_client nbclient ipykernel\` (or set AGENTIC_MMM_PYTHON)`,
    };
  }
  const probe = spawnSync(py, ["-c", "import jupyter_client"], { encoding: "utf8", timeout: 30_000 });
  if (probe.status !== 0) {
    return {
      ok: false,
      reason: `${py} cannot import jupyter_client: ${(probe.stderr || String(probe.error ?? "")).trim()}`,
    };
  }
  if (!existsSync(TSLAB_BIN)) {
    return { ok: false, reason: `tslab not installed at ${TSLAB_BIN}: run \`npm ci\`` };
  }
  return { ok: true };
}

/**
 * Start a fresh tslab kernel in `opts.cwd`, run `cells` in order, shut the kernel down, and return one
 * result per cell. Rejects if the driver fails (kernel did not start, bad input) or the run times out.
 */
export function runCells(cells: string[], opts: RunCellsOptions, info?: RunInfo): Promise<CellResult[]> {
  const cellTimeout = opts.cellTimeoutSeconds ?? 120;
  const totalTimeout = opts.totalTimeoutSeconds ?? 60 + cells.length * cellTimeout;
  return new Promise((resolve, reject) => {
    const child = spawn(pythonPath(), [DRIVER, "--cwd", opts.cwd, ...(opts.kernelspec ? ["--kernelspec", opts.kernelspec] : ["--tslab", TSLAB_BIN]), "--timeout", String(cellTimeout)], {
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, totalTimeout * 1000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${pythonPath()}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const results: CellResult[] = [];
      for (const line of out.split("\n")) {
        if (!line.trim()) continue;
        let msg: { kind?: string; seconds?: number } & Record<string, unknown>;
        try {
          msg = JSON.parse(line);
        } catch {
          continue; // not ours (nothing else should print to stdout, but do not choke on it)
        }
        if (msg.kind === "cell") {
          const { kind: _kind, ...cell } = msg;
          results.push(cell as unknown as CellResult);
        } else if (msg.kind === "start" && info) {
          info.kernelStartSeconds = msg.seconds ?? NaN;
        } else if (msg.kind === "end" && info) {
          info.totalSeconds = msg.seconds ?? NaN;
        }
      }
      if (timedOut) {
        reject(new Error(`kernel run timed out after ${totalTimeout}s; got ${results.length} cell(s)\n${err}`));
      } else if (code !== 0) {
        reject(new Error(`run_cells.py exited with ${code ?? signal}\n${err}`));
      } else if (results.length !== cells.length) {
        reject(new Error(`expected ${cells.length} cell results, got ${results.length}\n${err}`));
      } else {
        resolve(results);
      }
    });
    child.stdin.end(JSON.stringify(cells));
  });
}
