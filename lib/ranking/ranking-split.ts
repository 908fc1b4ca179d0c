/**
 * Which part of the hidden test set a board ranks on. During the competition only the public part is shown, so
 * teams cannot fit the private part by probing the board; once the final phase is over, or the organizers reveal
 * it, the private part decides the standings (the Kaggle-style public/private split,
 * lib/tasks/public-private-split.ts). The same rule as privateResultsRevealed in lib/data/phases.ts, kept free of
 * the database so it can be tested and used anywhere.
 */
export type RankingSplit = "public" | "private";

export interface PhaseWindow {
  kind: "development" | "final";
  endsAt: Date;
  /** Set by the organizers to reveal the private part now. */
  revealPrivate: boolean;
}

export function rankingSplit(phases: readonly PhaseWindow[], now: Date): RankingSplit {
  const revealed = phases.some(
    (phase) => phase.revealPrivate || (phase.kind === "final" && phase.endsAt.getTime() <= now.getTime()),
  );
  return revealed ? "private" : "public";
}
