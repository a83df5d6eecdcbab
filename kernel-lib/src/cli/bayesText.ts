/**
 * The demo's Bayesian stage: NUTS on the same data, posterior ROAS with 94% HDIs next to the truth,
 * convergence facts, and the budget plan on the posterior-mean curves with the uplift's HDI.
 */
import type { MMMEngine } from "../engine";
import type { Uncertain } from "../model/bayes/posterior";
import type { Truth } from "./demo";

const money = (x: number) => Math.round(x).toLocaleString("en-US");
const interval = (u: Uncertain, digits = 2) => `${u.mean.toFixed(digits)} [${u.hdi94[0].toFixed(digits)}, ${u.hdi94[1].toFixed(digits)}]`;

export async function bayesianStage(engine: MMMEngine, truth?: Truth): Promise<void> {
  const done = new Set<number>();
  const r = await engine.runBayesianMMM({
    chains: 4,
    warmup: 500,
    draws: 500,
    seed: 1,
    onProgress: (e) => {
      if (e.phase === "sampling" && e.iteration === 499 && !done.has(e.chain)) {
        done.add(e.chain);
        console.log(`  chain ${e.chain + 1} done (step size ${e.stepSize.toFixed(3)}, ${e.divergences} divergences)`);
      }
    },
  });
  const d = r.diagnostics;
  console.log(`== Bayesian MMM (NUTS, ${r.sampler.chains} chains × ${r.sampler.warmup} + ${r.sampler.draws}) ==`);
  console.log(`${r.sampler.seconds.toFixed(1)} s; max R-hat ${d.maxRhat.toFixed(3)}, min bulk ESS ${Math.round(d.minEssBulk)}, min tail ESS ${Math.round(d.minEssTail)}, ${d.divergences} divergences; posterior predictive R² ${r.fit.r2.toFixed(3)}, ${(100 * r.fit.coverage94).toFixed(0)}% of weeks inside the 94% band.`);
  for (const w of r.warnings) console.log(`  warning: ${w}`);
  const header = `  ${"channel".padEnd(22)} ${"ROAS [94% HDI]".padStart(22)} ${"mROAS".padStart(6)}${truth ? ` ${"true ROAS".padStart(10)}` : ""}`;
  const rows = r.channels.map((c) => {
    const t = truth?.channels.find((x) => x.column === c.name);
    return `  ${c.name.padEnd(22)} ${interval(c.roas).padStart(22)} ${c.mroas.mean.toFixed(2).padStart(6)}${t ? ` ${t.roas.toFixed(2).padStart(10)}` : ""}`;
  });
  console.log(header + "\n" + rows.join("\n"));
  const weekly = r.channels.reduce((a, c) => a + c.spend, 0) / r.weeks;
  const plan = engine.optimizeBudget(weekly * 52, undefined, { weeks: 52 });
  const u = plan.upliftPosterior!;
  console.log(`Budget on the posterior-mean curves: expected ${r.kpi} from media ${money(plan.currentExpected)} → ${money(plan.expected)}; uplift ${money(u.mean)} [94% HDI ${money(u.hdi94[0])}, ${money(u.hdi94[1])}].\n`);
}
