/**
 * What a model's badge says, from its row among every submission of its track: stars and energy for a ranked
 * model; for an unranked one no stars and, first, why it is unranked ("unranked: below accuracy bar 0.8"), so
 * a README cannot show a cheap but failing model as a winner. Energy reads as on the board: Wh per 1,000
 * inferences with an SI prefix and 3 significant digits (lib/format/energy-display.ts), never in exponent notation.
 */
import { formatEnergyPerThousand } from "../format/energy-display";
import { formatSignificant } from "../format/si-quantity";
import { starsForRow, type StarBand } from "./star-bands";
import type { RankedEntry, TrackRules } from "./types";

export interface BadgeMessage {
  message: string;
  stars: StarBand["stars"] | null;
}

export function badgeMessage(row: RankedEntry | null, bands: readonly StarBand[], rules: TrackRules): BadgeMessage {
  if (row === null) return { message: "not on the board", stars: null };
  const { entry } = row;
  const joules = entry.energyJoulesPerInference;
  const energy =
    joules === null
      ? "energy not measured"
      : `${formatEnergyPerThousand(joules)}/1k ${entry.energyKind === "measured" ? "measured" : "est."}`;
  if (row.section !== "ranked")
    return { message: `unranked: ${shortUnrankedReason(row, rules)} · ${energy}`, stars: null };
  const stars = starsForRow(row, bands, rules.rankedEnergyKind);
  return { message: `${stars === null ? "" : `${"★".repeat(stars)}${"☆".repeat(5 - stars)} `}${energy}`, stars };
}

/** Why a row is not ranked, in the few words a badge has room for (the model page gives the full sentence). */
export function shortUnrankedReason(row: RankedEntry, rules: TrackRules): string {
  const { entry } = row;
  if (row.section === "below-threshold" && rules.qualityThreshold !== null)
    return `below ${rules.qualityMetric} bar ${plainThreshold(rules.qualityThreshold)}`;
  switch (entry.status) {
    case "finished":
      break;
    case "held-for-review":
      return "held for review";
    case "unfinished":
      return "not finished";
    default:
      return entry.status;
  }
  if (entry.quality === null) return `no ${rules.qualityMetric} score`;
  if (entry.energyJoulesPerInference === null) return "energy not measured";
  if (entry.energyKind !== rules.rankedEnergyKind)
    return `${entry.energyKind ?? "unknown"} energy, track ranks ${rules.rankedEnergyKind}`;
  return "not ranked";
}

/** A quality bar as organizers write it (0.8, 0.825): up to 3 significant digits, no trailing zeros. */
function plainThreshold(threshold: number): string {
  return formatSignificant(Number(threshold.toPrecision(3)), 3)
    .replace(/(\.\d*?)0+$/, "$1")
    .replace(/\.$/, "");
}
