#!/usr/bin/env node
/**
 * The `agentic-mmm` command. `demo` is what `npm start` runs: the offline agent's full analysis of
 * the bundled sample (or a given file), its trace and its report.
 */
import { errorMessage, MMMError } from "./errors";
import { redact } from "./secrets";
import { MMMEngine } from "./engine";
import { profileText } from "./cli/profileText";
import { runDemo } from "./cli/demo";
import { installKernel, jupyterDataDir, parseInstallArgs } from "./cli/install";
import { installLabextension } from "./cli/labextensionInstall";

const USAGE = `Usage:
  agentic-mmm demo [file] [--kpi <column>] [--no-bayes]
                                               the offline agent analyses the bundled sample (or a file)
  agentic-mmm profile <file> [--kpi <column>]  print a data profile
  agentic-mmm install [--user | --sys-prefix | --prefix DIR] [--uninstall]
                                               register the TypeScript (tslab) kernel with Jupyter and
                                               copy the JupyterLab extension (side panel, renderers)
  agentic-mmm help`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function demo(args: string[]): Promise<void> {
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--kpi");
  await runDemo(file, { kpiCol: option(args, "--kpi"), bayesian: !args.includes("--no-bayes") });
}

async function profile(args: string[]): Promise<void> {
  const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--kpi");
  if (!file) throw new MMMError("INVALID_ARGUMENT", "No file given.", USAGE);
  const engine = new MMMEngine();
  await engine.loadData(file, { kpiCol: option(args, "--kpi") });
  console.log(profileText(engine.profile()));
}

function install(args: string[]): void {
  const o = parseInstallArgs(args);
  const k = installKernel(o);
  console.log(k.action === "installed" ? `Kernel 'tslab' (TypeScript) installed in ${k.dir}.` : k.action === "removed" ? `Kernel removed from ${k.dir}.` : `No kernel installed at ${k.dir}.`);
  const x = installLabextension(jupyterDataDir(o), o.uninstall);
  const lines = {
    installed: `JupyterLab extension ${x.version ?? ""} installed in ${x.dir} (reload JupyterLab to load it).`,
    removed: `JupyterLab extension removed from ${x.dir}.`,
    absent: `No JupyterLab extension installed at ${x.dir}.`,
    "not-built": "JupyterLab extension not installed: it is not built here (run npm run build in the agentic-mmm repository).",
  };
  console.log(lines[x.action]);
}

async function main(argv: string[]): Promise<number> {
  const [command = "help", ...args] = argv;
  try {
    if (command === "demo") await demo(args);
    else if (command === "profile") await profile(args);
    else if (command === "install") install(args);
    else {
      console.log(USAGE);
      return command === "help" || command === "--help" ? 0 : 2;
    }
    return 0;
  } catch (err) {
    // A short message, not a stack trace: the error already says what to do.
    console.error(`agentic-mmm: ${redact(errorMessage(err))}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

export { main };
