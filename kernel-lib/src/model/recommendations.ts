/**
 * Adstock recommendations before any fit: which carry-over and saturation to search for each
 * channel, from its name (media type) and its spend pattern, with Robyn's guidance on decay
 * ranges (TV 0.3–0.8, OOH/print/radio 0.1–0.4, digital 0–0.3) and flags for unusable channels.
 */
import type { MmmData } from "./mmmData";
import { tokens } from "../data/profile/keywords";

export interface AdstockRecommendation {
  channel: string;
  mediaType: "tv_video" | "offline_print_ooh_radio" | "digital" | "unknown";
  adstock: "geometric" | "weibull_pdf";
  decayRange: [number, number];
  lMax: number;
  saturation: "hill";
  /** Share of weeks with zero spend. */
  zeroWeeks: number;
  /** Coefficient of variation of weekly spend. */
  variability: number;
  suitable: boolean;
  notes: string[];
}

const TYPES: { type: AdstockRecommendation["mediaType"]; words: string[]; decay: [number, number]; lMax: number }[] = [
  { type: "tv_video", words: ["tv", "television", "ctv", "ott", "video", "youtube", "cinema", "linear"], decay: [0.3, 0.8], lMax: 12 },
  { type: "offline_print_ooh_radio", words: ["ooh", "print", "radio", "outdoor", "billboard", "magazine", "newspaper", "press", "dooh", "podcast", "audio"], decay: [0.1, 0.4], lMax: 8 },
  {
    type: "digital",
    words: ["search", "sem", "ppc", "google", "bing", "social", "facebook", "fb", "meta", "instagram", "tiktok", "display", "programmatic", "affiliate", "email", "online", "digital", "snapchat", "pinterest", "twitter", "linkedin"],
    decay: [0, 0.3],
    lMax: 6,
  },
];

/** One recommendation per modelled (and excluded) channel. */
export function adstockRecommendations(data: MmmData): AdstockRecommendation[] {
  const rows = data.channels.map((ch) => {
    const t = tokens(ch.name);
    const kind = TYPES.find((k) => t.some((w) => k.words.includes(w)));
    const zeros = ch.spend.filter((v) => v === 0).length / data.n;
    const mean = ch.total / data.n;
    const sd = Math.sqrt(ch.spend.reduce((a, v) => a + (v - mean) ** 2, 0) / data.n);
    const notes: string[] = [];
    if (zeros > 0.8) notes.push("on air in fewer than 20% of weeks: its effect will be poorly identified");
    if (sd / mean < 0.1) notes.push("spend barely varies week to week: decay and saturation cannot be learned from the data; use priors or experiments");
    if (!kind) notes.push("media type not recognised from the name: using the wide decay range 0–0.8");
    if (kind?.type === "tv_video") notes.push("long carry-over is typical; consider Weibull PDF adstock if the effect builds up over weeks");
    return {
      channel: ch.name,
      mediaType: kind?.type ?? "unknown",
      adstock: "geometric" as const,
      decayRange: kind?.decay ?? [0, 0.8],
      lMax: kind?.lMax ?? 8,
      saturation: "hill" as const,
      zeroWeeks: zeros,
      variability: mean > 0 ? sd / mean : 0,
      suitable: zeros <= 0.8 && sd / mean >= 0.1,
      notes,
    };
  });
  const excluded = data.excluded.map((e) => ({
    channel: e.name,
    mediaType: "unknown" as const,
    adstock: "geometric" as const,
    decayRange: [0, 0] as [number, number],
    lMax: 1,
    saturation: "hill" as const,
    zeroWeeks: 1,
    variability: 0,
    suitable: false,
    notes: [e.reason],
  }));
  return [...rows, ...excluded];
}
