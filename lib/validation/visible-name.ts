/**
 * Names people choose (display names, team names) are shown to others, on team pages and leaderboards, so they
 * must display as what they are. Following Unicode TR #36 "Unicode Security Considerations" and TR #39 (§ 3.5
 * mixed-script and invisible characters) and the PRECIS FreeformClass idea (RFC 8264 / RFC 8266 nicknames):
 * - NFKC first, so compatibility look-alikes (fullwidth letters, ligatures, odd spaces) become their plain form;
 * - refuse control characters (a NUL byte also cannot be stored in PostgreSQL text), format characters (bidi
 *   overrides and isolates that reorder what follows, zero-width spaces and joiners, soft hyphens), line and
 *   paragraph separators, private-use and unassigned code points;
 * - refuse a name without a visible letter or digit (a name of spaces, marks or Hangul fillers looks empty);
 * - collapse runs of spaces, so "Ada   Lovelace" and "Ada Lovelace" are one name.
 */
import { z } from "zod";

const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
// Letters that render as blank space: Hangul fillers and the Braille blank (So, but looks like a space).
const BLANK_LETTERS = /[\u115f\u1160\u3164\uffa0\u2800]/gu;
const VISIBLE = /[\p{L}\p{N}]/u;

export const INVISIBLE_CHARACTER_MESSAGE =
  "Names cannot contain control, invisible or text-direction characters. Type the name again without them.";

/**
 * NFKC (which also turns no-break, em and ideographic spaces into plain ones), then runs of spaces collapsed and
 * trimmed. Only U+0020 counts as a space here: tabs, line breaks and U+FEFF stay, and are refused as invisible.
 */
export function normalizeName(value: string): string {
  return value.normalize("NFKC").replace(/ {2,}/g, " ").replace(/^ | $/g, "");
}

export function visibleNameProblem(normalized: string): string | null {
  if (FORBIDDEN.test(normalized)) return INVISIBLE_CHARACTER_MESSAGE;
  if (!VISIBLE.test(normalized.replace(BLANK_LETTERS, ""))) return "A name needs at least one visible letter or digit.";
  return null;
}

/** A zod schema for a visible name of `min`..`max` characters (counted after normalizing). */
export function visibleNameSchema(options: { min: number; max: number; tooShort: string; tooLong: string }) {
  return z
    .string()
    .transform(normalizeName)
    .pipe(
      z
        .string()
        .min(options.min, options.tooShort)
        .max(options.max, options.tooLong)
        .superRefine((name, context) => {
          const problem = visibleNameProblem(name);
          if (problem) context.addIssue({ code: "custom", message: problem });
        }),
    );
}
