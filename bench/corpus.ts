/**
 * The unseen-data corpus (issue #14): each simulated file, in its own naming convention, through the
 * offline agent's default full analysis; per dataset the model reported, mean |ROAS error| against
 * the simulated truth, the 94% HDI coverage and the seconds taken. Runs in a child process (the
 * analysis is async, the bench is not).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { accuracy, analyseCase } from "../test/helpers/corpusRun";
import { unseenCorpus } from "../test/helpers/unseenCorpus";

interface Row {
  dataset: string;
  convention: string;
  model: string;
  meanAbsRoasErrorPct: number;
  hdiCoverage?: number;
  questions: number;
  seconds: number;
}

async function table(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ammm-corpus-"));
  const rows: Row[] = [];
  for (const c of unseenCorpus()) {
    const o = await analyseCase(c, dir);
    const a = accuracy(o);
    rows.push({ dataset: c.name, convention: c.convention, model: o.model, meanAbsRoasErrorPct: Number(a.meanAbsErrorPct.toFixed(1)), hdiCoverage: a.hdiCoverage, questions: o.questions.length, seconds: Number(o.seconds.toFixed(2)) });
    process.stderr.write(`corpus ${c.name}: ${o.model} ${a.meanAbsErrorPct.toFixed(1)}% in ${o.seconds.toFixed(1)} s\n`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}

export function corpusBench() {
  const rows = JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", __filename, "one"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 2 ** 20 })
      .trim()
      .split("\n")
      .pop()!,
  ) as Row[];
  const bayes = rows.filter((r) => r.hdiCoverage !== undefined);
  return [
    {
      name: "unseen_corpus_default_analysis",
      datasets: rows.length,
      table: rows,
      meanHdiCoverage: Number((bayes.reduce((s, r) => s + r.hdiCoverage!, 0) / Math.max(1, bayes.length)).toFixed(3)),
      totalSeconds: Number(rows.reduce((s, r) => s + r.seconds, 0).toFixed(1)),
    },
  ];
}

if (process.argv[2] === "one") void table().then((rows) => console.log(JSON.stringify(rows)));
