/**
 * Phase dates as people read them: "2027-03-01 12:00 UTC (in 84 days)". Organizers who want no end give a far
 * date (the demo uses 2100-01-01); such a phase is said to have no end date rather than a date nobody will see.
 */

/** A phase ending this far ahead is treated as open-ended. */
const OPEN_ENDED_AFTER_YEARS = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isOpenEnded(endsAt: Date, now: Date): boolean {
  return endsAt.getUTCFullYear() - now.getUTCFullYear() >= OPEN_ENDED_AFTER_YEARS;
}

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "in 3 days", "in 5 hours", "tomorrow"-free and unambiguous; past dates say "ago". */
export function formatRelative(date: Date, now: Date): string {
  const difference = date.getTime() - now.getTime();
  const magnitude = Math.abs(difference);
  const amount =
    magnitude >= 2 * DAY_MS
      ? `${Math.round(magnitude / DAY_MS)} days`
      : magnitude >= 2 * 60 * 60 * 1000
        ? `${Math.round(magnitude / (60 * 60 * 1000))} hours`
        : `${Math.max(1, Math.round(magnitude / 60_000))} minutes`;
  return difference >= 0 ? `in ${amount}` : `${amount} ago`;
}

/** The end of a phase for a card or a table: "no end date", or the date and how far it is. */
export function formatPhaseEnd(endsAt: Date, now: Date): string {
  if (isOpenEnded(endsAt, now)) return "no end date";
  return `${formatUtc(endsAt)} (${formatRelative(endsAt, now)})`;
}
