/**
 * The one way the site writes CSV. Every text cell goes through neutralizeCsvCell, so a team or model named
 * "=HYPERLINK(...)" is shown by a spreadsheet as text instead of being run as a formula (CSV injection).
 */
import { stringify } from "csv-stringify/sync";

/**
 * OWASP's rule (https://owasp.org/www-community/attacks/CSV_Injection): a cell that starts with =, +, -, @, a tab
 * or a carriage return is prefixed with a single quote, which spreadsheets read as "this is text". Numbers are
 * written as numbers (a negative figure stays a number); only text cells are neutralized.
 */
export function neutralizeCsvCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV with a header row from the first record's keys; booleans as true/false, null and undefined empty. */
export function writeCsv(records: readonly Record<string, unknown>[], header: readonly string[]): string {
  if (records.length === 0) return `${header.map(neutralizeCsvCell).join(",")}\n`;
  return stringify(records as Record<string, unknown>[], {
    header: true,
    columns: [...header],
    cast: { boolean: (value) => (value ? "true" : "false"), string: neutralizeCsvCell },
  });
}
