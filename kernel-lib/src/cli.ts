#!/usr/bin/env node
/**
 * The `agentic-mmm` command. `demo` is what `npm start` runs: the offline agent's full analysis of
 * the bundled sample (or a given file), its trace and its report.
 */
import { errorMessage, MMMError } from "./errors";
import { MMMEngine } from "./engine";
import { profileText } from "./cli/profileText";
import { runDemo } from "./cli/demo";
import { installKernel, parseInstallArgs } from "./cli/install";

const USAGE = `Usage:
  agentic-mmm demo [file] [--kpi <column>] [--no-bayes]
                                               the offline agent analyses the bundled sample (or a file)
  agentic-mmm profile <file> [--kpi <column>]  print a data profile
  agentic-mmm install [--user | --sys-prefix | --prefix DIR] [--uninstall]
                                               register the TypeScript (tslab) kernel with Jupyter
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

async function main(argv: string[]): Promise<number> {
  const [command = "help", ...args] = argv;
  try {
    if (command === "demo") await demo(args);
    else if (command === "profile") await profile(args);
    else if (command === "install") {
      const r = installKernel(parseInstallArgs(args));
      console.log(r.action === "installed" ? `Kernel 'tslab' (TypeScript) installed in ${r.dir}.` : r.action === "removed" ? `Kernel removed from ${r.dir}.` : `No kernel installed at ${r.dir}.`);
    }
    else {
      console.log(USAGE);
      return command === "help" || command === "--help" ? 0 : 2;
    }
    return 0;
  } catch (err) {
    // A short message, not a stack trace: the error already says what to do.
    console.error(`agentic-mmm: ${errorMessage(err)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

export { main };
