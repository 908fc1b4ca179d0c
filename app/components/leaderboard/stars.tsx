/**
 * A 1-5 star energy rating, readable by screen readers as a number. `unranked` says why there is none: stars go
 * to ranked entries only (lib/ranking/star-bands.ts, starsForRow).
 */
export function Stars({ stars, unranked = false }: { stars: number | null; unranked?: boolean }) {
  if (stars === null) {
    return (
      <span className="text-stone-500 dark:text-stone-400" data-testid="no-stars">
        {unranked ? "no rating: not ranked" : "no rating"}
      </span>
    );
  }
  return (
    <span
      role="img"
      aria-label={`${stars} of 5 stars`}
      className="whitespace-nowrap text-amber-700 dark:text-amber-300"
      data-testid="stars"
    >
      {"★".repeat(stars)}
      <span className="text-stone-500 dark:text-stone-400">{"☆".repeat(5 - stars)}</span>
    </span>
  );
}
