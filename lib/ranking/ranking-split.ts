/**
 * Which part of the hidden test set a board ranks on. During the competition only the public part is shown, so
 * teams cannot fit the private part by probing the board; once the final phase is over the private part decides
 * the standings (the Kaggle-style public/private split, lib/tasks/public-private-split.ts).
 */
export type RankingSplit = "public" | "private";

export interface PhaseWindow {
  endsAt: Date;
  /** The organizers reveal the private part with this phase: it counts once the phase has ended. */
  revealPrivate: boolean;
}

export function rankingSplit(phases: readonly PhaseWindow[], now: Date): RankingSplit {
  const revealed = phases.some((phase) => phase.revealPrivate && phase.endsAt.getTime() <= now.getTime());
  return revealed ? "private" : "public";
}
