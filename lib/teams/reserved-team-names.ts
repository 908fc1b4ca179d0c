/**
 * Names the site speaks with, which no team may take or imitate: a team called "Joulebench baselines" (or
 * "Јоulebench baselines" with Cyrillic letters, or "JOULE-BENCH") would pass for the site's own reference
 * entries on a leaderboard.
 *
 * Names are compared by their confusable skeleton, as Unicode TR #39 § 4 defines it
 * (https://www.unicode.org/reports/tr39/#Confusable_Detection): NFKC first (compatibility forms such as
 * fullwidth letters), then every character replaced by its prototype from Unicode's confusables.txt (the
 * unhomoglyph package ships that table: Cyrillic "о" becomes "o", digit "0" becomes "O", "1" and "I" become
 * "l", "m" becomes "rn"), then lower case, accents and everything but letters and digits dropped, so case,
 * spacing, punctuation and diacritics cannot make a difference either. Reserved names go through the same
 * function, as written, in capitals and in small letters.
 *
 * The site's name may not appear anywhere in a team name ("Joulebench official" passes for the site as well);
 * the other words are refused only as the whole name, since "admin" is inside "Badminton club".
 */
import unhomoglyph from "unhomoglyph";

const SITE_NAME = "Joulebench";

/** Shown to the user and kept in step with the exact-name renames of migration 0010. */
export const RESERVED_TEAM_NAMES = [
  "Joulebench baselines",
  "Baselines",
  "Admin",
  "Administrator",
  "Administrators",
  "Organizer",
  "Organizers",
  "Moderator",
  "Moderators",
  "Staff",
  "System",
  "Root",
  "Support",
  "Official",
] as const;

const COMBINING_MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/**
 * The TR #39 skeleton of a name with accents, spaces and punctuation dropped, in lower case. Case goes after
 * the first mapping, not before: "ADMlN" imitates "ADMIN" because capital I looks like small l, which lower
 * casing first would hide. The second mapping catches what lower casing makes ("М" → "M" → "m" → "rn").
 */
export function nameSkeleton(name: string): string {
  const mapped = unhomoglyph(name.normalize("NFKC").normalize("NFD")).toLowerCase();
  return unhomoglyph(mapped)
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(NOT_LETTER_OR_DIGIT, "");
}

/** A reserved name as written, in capitals and in small letters: the forms an imitation may copy. */
function skeletonsOf(reserved: string): string[] {
  return [...new Set([reserved, reserved.toUpperCase(), reserved.toLowerCase()].map(nameSkeleton))];
}

const siteSkeletons = skeletonsOf(SITE_NAME);
const reservedSkeletons = new Map(
  RESERVED_TEAM_NAMES.flatMap((reserved) => skeletonsOf(reserved).map((skeleton) => [skeleton, reserved] as const)),
);

/** The reserved name `name` is or imitates, or null when it is free to use. */
export function reservedNameImitated(name: string): string | null {
  const skeleton = nameSkeleton(name);
  if (siteSkeletons.some((site) => skeleton.includes(site))) return SITE_NAME;
  return reservedSkeletons.get(skeleton) ?? null;
}
