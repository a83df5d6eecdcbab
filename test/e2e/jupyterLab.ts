/**
 * A real JupyterLab 4 (or Notebook 7) server for the end-to-end tests: started from the project's Python
 * (.venv, with jupyterlab from the local wheel index), isolated in its own config/data/runtime
 * directories, with the tslab kernelspec and the built extension installed by our own
 * `agentic-mmm install --prefix`, the way an analyst installs them.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import type { BrowserContext, Page } from "playwright-core";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { REPO } from "../helpers/fixtures";
import { pythonPath } from "../integration/kernel/kernel";

export const CHROMIUM = process.env.AGENTIC_MMM_CHROMIUM ?? "/usr/bin/chromium";

/** Why the end-to-end test cannot run here, or undefined when it can. */
export function e2eUnavailable(): string | undefined {
  const py = pythonPath();
  if (!fs.existsSync(py)) return `no Python at ${py} (run .ci/run, or create .venv with jupyterlab from /opt/pypi/simple)`;
  const lab = spawnSync(py, ["-c", "import jupyterlab; print(jupyterlab.__version__)"], { encoding: "utf8" });
  if (lab.status !== 0) return `${py} has no jupyterlab (pip install --index-url file:///opt/pypi/simple jupyterlab==4.6.4)`;
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (!fs.existsSync(path.join(REPO, "labextension/dist/agentic-mmm-labextension/package.json"))) return "the extension is not built (npm run build)";
  return undefined;
}

export interface LabServer {
  url: string;
  token: string;
  /** The directory JupyterLab serves; notebooks go here. */
  root: string;
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The isolated Jupyter directories, the kernelspec and the extension (our install command). */
function prepareJupyterHome(home: string): NodeJS.ProcessEnv {
  const prefix = path.join(home, "prefix");
  const r = spawnSync(process.execPath, [path.join(REPO, "kernel-lib/dist/cli.js"), "install", "--prefix", prefix], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`agentic-mmm install failed: ${r.stderr}`);
  // (Notebook 7 reads the same labextensions and labconfig directories as JupyterLab.)
  const config = path.join(home, "config");
  // No news pop-up asking to opt in: it would sit over the panel in screenshots.
  fs.mkdirSync(path.join(config, "labconfig"), { recursive: true });
  fs.writeFileSync(path.join(config, "labconfig", "page_config.json"), JSON.stringify({ disabledExtensions: { "@jupyterlab/apputils-extension:announcements": true } }));
  return {
    ...process.env,
    JUPYTER_PATH: path.join(prefix, "share", "jupyter"),
    JUPYTER_CONFIG_DIR: config,
    JUPYTER_DATA_DIR: path.join(home, "data"),
    JUPYTER_RUNTIME_DIR: path.join(home, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
    JUPYTERLAB_SETTINGS_DIR: path.join(home, "settings"),
    JUPYTERLAB_WORKSPACES_DIR: path.join(home, "workspaces"),
  };
}

async function waitReady(url: string, token: string, child: ChildProcess, log: () => string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`jupyter lab exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`jupyter lab did not answer within ${ms / 1000} s:\n${log()}`);
}

/** Whether the Python has Notebook 7 (`notebook` 7.x, the JupyterLab-based classic interface). */
export function notebook7Unavailable(): string | undefined {
  const r = spawnSync(pythonPath(), ["-c", "import notebook, sys; sys.exit(0 if notebook.__version__.startswith('7.') else 1)"], { encoding: "utf8" });
  return r.status === 0 ? undefined : `${pythonPath()} has no Notebook 7 (pip install --index-url file:///opt/pypi/simple "notebook==7.*")`;
}

/** Start JupyterLab, or Notebook 7 with `app: "notebook"`. */
export async function startLab(home: string, root: string, app: "jupyterlab" | "notebook" = "jupyterlab"): Promise<LabServer> {
  const env = prepareJupyterHome(home);
  const port = await freePort();
  const token = `e2e-${process.pid}-${port}`;
  const appOptions = app === "jupyterlab" ? ["--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None"] : ["--JupyterNotebookApp.expose_app_in_browser=True"];
  const args = ["-m", app, "--no-browser", "--allow-root", "--ip", "127.0.0.1", `--port=${port}`, `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${root}`, ...appOptions];
  const child = spawn(pythonPath(), args, { env, cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const log = () => out.slice(-6000);
  await waitReady(url, token, child, log);
  return {
    url,
    token,
    root,
    log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/**
 * Headless Debian Chromium through playwright-core, with a fresh profile in `dir`. Without the
 * networking flags Chromium floods this machine's closed network at start (STACK.md).
 */
export async function openBrowser(dir: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const { chromium } = await import("playwright-core");
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  return { context, page };
}

/** The current notebook's kernel status, read through the app exposed by `expose_app_in_browser`. */
function currentKernelStatus(): string {
  const app = (window as unknown as { jupyterapp?: { shell: { currentWidget: unknown } } }).jupyterapp;
  const w = app?.shell.currentWidget as { sessionContext?: { session?: { kernel?: { status: string } } } } | null;
  return w?.sessionContext?.session?.kernel?.status ?? "none";
}

export function kernelStatus(page: Page): Promise<string> {
  return page.evaluate(currentKernelStatus);
}

/** Wait until the current notebook's kernel reports `status` (polled every 100 ms). */
export async function waitForKernel(page: Page, status: string, timeout = 60_000): Promise<void> {
  const until = Date.now() + timeout;
  for (let now = await kernelStatus(page); now !== status; now = await kernelStatus(page)) {
    if (Date.now() > until) throw new Error(`the kernel did not become ${status} within ${timeout / 1000} s (it is ${now})`);
    await page.waitForTimeout(100);
  }
}

/**
 * Start a JupyterLab command, as a menu click does, without waiting for it to finish: run-cell
 * resolves only when the cell is done and restart-kernel only once its dialog is answered.
 */
export function command(page: Page, id: string, args: Record<string, unknown> = {}): Promise<void> {
  return page.evaluate(
    ([id, args]) => {
      void (window as unknown as { jupyterapp: { commands: { execute(id: string, a: unknown): Promise<unknown> } } }).jupyterapp.commands.execute(id as string, args);
    },
    [id, args] as const,
  );
}
