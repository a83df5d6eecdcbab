/**
 * The demo's check against the known truth of the simulated sample: each channel's estimated
 * ROAS (ridge, and Bayesian with its 94% HDI) next to the true ROAS.
 */
import type { MMMAgent } from "../agent/session";

export interface Truth {
  channels: { column: string; share: number; roas: number }[];
}

export function truthTable(agent: MMMAgent, truth: Truth): string {
  const ridge = agent.results.ridge;
  const bayes = agent.results.bayesian;
  const lines = [`== Estimates vs the known truth ==`, `  ${"channel".padEnd(22)} ${"ridge ROAS".padStart(10)} ${"Bayesian ROAS [94% HDI]".padStart(26)} ${"true ROAS".padStart(10)}`];
  for (const t of truth.channels) {
    const r = ridge?.channels.find((c) => c.name === t.column);
    const b = bayes?.channels.find((c) => c.name === t.column);
    const bText = b ? `${b.roas.mean.toFixed(2)} [${b.roas.hdi94[0].toFixed(2)}, ${b.roas.hdi94[1].toFixed(2)}]` : "–";
    lines.push(`  ${t.column.padEnd(22)} ${(r ? r.roas.toFixed(2) : "–").padStart(10)} ${bText.padStart(26)} ${t.roas.toFixed(2).padStart(10)}`);
  }
  if (bayes) {
    const inside = truth.channels.filter((t) => {
      const b = bayes.channels.find((c) => c.name === t.column);
      return b && t.roas >= b.roas.hdi94[0] && t.roas <= b.roas.hdi94[1];
    }).length;
    lines.push(`  The true ROAS is inside the 94% HDI for ${inside} of ${truth.channels.length} channels.`);
  }
  return lines.join("\n");
}
