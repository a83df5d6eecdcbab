/**
 * Reach & frequency columns by name (Meridian's `<Channel>_reach` and `<Channel>_frequency`, with
 * `<Channel>_spend` for ROAS): pairing for the profile, and the checks of an `rf` role an analyst
 * gives. The series themselves are read and checked in model/rfData.ts.
 */
import { MMMError } from "../errors";
import { requireColumns } from "./explore";
import type { Frame } from "./polars";

/** One R&F channel's columns: reach, frequency and (for its ROAS) spend. */
export interface RfColumns {
  name: string;
  reach: string;
  frequency: string;
  spend?: string;
}

/** A reach & frequency channel of a model: its reach, frequency and spend columns (the channel is named by its spend column). */
export interface RfSpec {
  reach: string;
  frequency: string;
  spend: string;
}

const REACH = /^(.*?)[_ ]?reach$/i;
const FREQUENCY = /^(.*?)[_ ]?(frequency|freq)$/i;

/** Reach and frequency columns by stem, and the columns left without their other half. */
export function rfStems(columns: readonly string[]): { pairs: RfColumns[]; unpaired: { column: string; missing: string; message: string; hint: string }[] } {
  const stems = (re: RegExp) => new Map(columns.flatMap((c) => (re.exec(c) ? [[re.exec(c)![1]!.toLowerCase(), c] as const] : [])));
  const reach = stems(REACH);
  const freq = stems(FREQUENCY);
  const unpaired = [
    ...[...reach]
      .filter(([s]) => !freq.has(s))
      .map(([, col]) => ({
        column: col,
        missing: col.replace(/reach$/i, "frequency"),
        message: `Reach column '${col}' has no frequency column.`,
        hint: `Add '${col.replace(/reach$/i, "frequency")}' (average exposures per reached person), or model the channel by its impressions or spend instead.`,
      })),
    ...[...freq]
      .filter(([s]) => !reach.has(s))
      .map(([, col]) => ({
        column: col,
        missing: col.replace(/(frequency|freq)$/i, "reach"),
        message: `Frequency column '${col}' has no reach column.`,
        hint: `Add '${col.replace(/(frequency|freq)$/i, "reach")}' (people reached per week), or drop the frequency column.`,
      })),
  ];
  const pairs = [...reach].flatMap(([stem, r]) => {
    if (!freq.has(stem)) return [];
    const name = REACH.exec(r)![1]!;
    const spend = columns.find((c) => c.toLowerCase() === `${stem}_spend`);
    return [{ name, reach: r, frequency: freq.get(stem)!, ...(spend ? { spend } : {}) }];
  });
  return { pairs, unpaired };
}

/**
 * Pairs `<stem>_reach` with `<stem>_frequency` (and `<stem>_spend` when present). A reach column
 * without its frequency, or the other way round, is an error naming the column.
 */
export function pairRfColumns(columns: readonly string[]): RfColumns[] {
  const { pairs, unpaired } = rfStems(columns);
  const [u] = unpaired;
  if (u) throw new MMMError("INVALID_ARGUMENT", u.message, u.hint, { column: u.column });
  return pairs;
}

/** An `rf` role as given: each entry names reach, frequency and spend columns of the table. */
export function checkRfRole(frame: Frame, rf: unknown): asserts rf is RfSpec[] {
  if (!Array.isArray(rf)) throw new MMMError("INVALID_ARGUMENT", "rf must be a list of { reach, frequency, spend }.", 'e.g. rf: [{ reach: "Channel3_reach", frequency: "Channel3_frequency", spend: "Channel3_spend" }].', { value: rf });
  for (const r of rf as Partial<RfSpec>[]) {
    const missing = (["reach", "frequency", "spend"] as const).filter((k) => typeof r?.[k] !== "string" || r[k] === "");
    const col = r?.reach ?? r?.frequency ?? r?.spend;
    if (missing.length)
      throw new MMMError(
        "INVALID_ARGUMENT",
        `A reach & frequency channel needs its reach, frequency and spend columns${col ? ` ('${col}' is given without its ${missing.join(" and ")})` : ""}.`,
        'Give e.g. rf: [{ reach: "Channel3_reach", frequency: "Channel3_frequency", spend: "Channel3_spend" }].',
        { column: col, value: r },
      );
    requireColumns(frame, [r.reach!, r.frequency!, r.spend!]);
  }
}
