/**
 * Reach & frequency channels in the profile: `<stem>_reach` + `<stem>_frequency` + `<stem>_spend`
 * are proposed as one R&F channel (the spend leaves the spend channels: the R&F channel reports
 * its ROAS on it). Given `rf` roles are exact (`rf: []` proposes none). A reach or frequency column
 * without its other half, or a pair without a spend column, stays where detection put it, with a
 * note saying what is missing.
 */
import { rfStems, type RfSpec } from "../rfColumns";
import type { Confidence } from "./numericRole";

/** The slice of `Roles` this step reads and writes. */
export interface RfRoleLists {
  channels: string[];
  impressions: string[];
  controls: string[];
  ignored: string[];
  channelCandidates: string[];
  kpiCandidates: string[];
  organic: string[];
  rf: RfSpec[];
  /** Reach or frequency columns not modelled as R&F, and why (missing frequency, reach or spend). */
  rfNotes: string[];
  reasons: Record<string, string>;
  confidence: Record<string, Confidence>;
  given: string[];
  kpi?: string;
  date?: string;
  geo?: string;
}

const LISTS = ["channels", "impressions", "controls", "ignored", "channelCandidates", "kpiCandidates"] as const;

/** Set `roles.rf` from the given specs, or from the column names; their columns leave the other lists. */
export function applyRfRoles(roles: RfRoleLists, columns: readonly string[], given?: readonly RfSpec[], givenChannels?: readonly string[]): void {
  const specs = given ? [...given] : detected(roles, columns, givenChannels ?? []);
  const cols = new Set(specs.flatMap((r) => [r.reach, r.frequency, r.spend]));
  for (const list of LISTS) roles[list] = roles[list].filter((c) => !cols.has(c));
  for (const r of specs) {
    const why = given ? "given as a reach & frequency channel" : "reach & frequency channel by name";
    roles.reasons[r.reach] = `${why}: its reach (with ${r.frequency}, spend ${r.spend})`;
    roles.reasons[r.frequency] = `${why}: its frequency (with ${r.reach})`;
    roles.reasons[r.spend] = `${why}: its spend (ROAS on it; reach ${r.reach}, frequency ${r.frequency})`;
    for (const c of [r.reach, r.frequency, r.spend]) roles.confidence[c] = "high";
    if (given) roles.given.push(r.reach, r.frequency, r.spend);
  }
  roles.rf = specs;
}

function detected(roles: RfRoleLists, columns: readonly string[], givenChannels: readonly string[]): RfSpec[] {
  const { pairs, unpaired } = rfStems(columns);
  roles.rfNotes.push(...unpaired.map((u) => `${u.message} ${u.hint}`));
  const taken = new Set([roles.kpi, roles.date, roles.geo, ...roles.organic]);
  return pairs.flatMap((p) => {
    if (!p.spend) {
      roles.rfNotes.push(`Reach & frequency columns '${p.reach}' and '${p.frequency}' have no spend column '${p.name}_spend': to model them as a reach & frequency channel, name its spend with rf: [{ reach, frequency, spend }].`);
      return [];
    }
    if ([p.reach, p.frequency, p.spend].some((c) => taken.has(c))) return [];
    if (givenChannels.includes(p.spend)) {
      roles.rfNotes.push(
        `'${p.spend}' is given as a spend channel, so '${p.reach}' and '${p.frequency}' are not modelled as its reach and frequency: pass rf: [{ reach: "${p.reach}", frequency: "${p.frequency}", spend: "${p.spend}" }] to do so.`,
      );
      return [];
    }
    return [{ reach: p.reach, frequency: p.frequency, spend: p.spend }];
  });
}
