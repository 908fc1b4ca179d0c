/**
 * Splits a hidden test set into a public part (scored on the live leaderboard) and a private part (revealed when
 * the competition ends), as Kaggle and Codabench do, so that teams cannot overfit the ranking by probing it.
 *
 * The order is fixed by sha256(seed:index), so every runner and every re-evaluation draws the same split
 * without storing it, and the public part has exactly round(n × fraction) examples.
 */
import { createHash } from "node:crypto";

export interface PublicPrivateSplit {
  publicIndices: number[];
  privateIndices: number[];
}

export function publicPrivateSplit(exampleCount: number, publicFraction: number, seed: number): PublicPrivateSplit {
  if (!Number.isInteger(exampleCount) || exampleCount < 0)
    throw new Error(`exampleCount must be a whole number, got ${exampleCount}`);
  if (!(publicFraction >= 0 && publicFraction <= 1))
    throw new Error(`publicFraction must be within 0..1, got ${publicFraction}`);
  const keyed = Array.from({ length: exampleCount }, (_, index) => ({
    index,
    key: createHash("sha256").update(`${seed}:${index}`).digest("hex"),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const publicCount = Math.round(exampleCount * publicFraction);
  const byIndex = (a: number, b: number) => a - b;
  return {
    publicIndices: keyed
      .slice(0, publicCount)
      .map((entry) => entry.index)
      .sort(byIndex),
    privateIndices: keyed
      .slice(publicCount)
      .map((entry) => entry.index)
      .sort(byIndex),
  };
}
