/**
 * Whether a live runner serves a hardware profile, and, for a profile none serves, what a host needs to serve it
 * (docs/runners.md). Public facts: a board tells its visitors that its track's evaluations are waiting for a
 * runner, without naming any machine.
 */
import type { Database } from "../../db/client";
import { liveRunnerServes } from "../data/runners";
import { HARDWARE_PROFILES } from "./hardware-profiles";

export interface UnservedProfile {
  id: string;
  label: string;
  /** One sentence: what a runner host for this profile needs, and how to start it. */
  howToServe: string;
}

export function howToServe(profileId: string): string {
  const profile = HARDWARE_PROFILES.find((candidate) => candidate.id === profileId);
  if (profile?.executionProvider === "cuda") {
    return (
      "A GPU runner host needs an NVIDIA GPU with its driver (nvidia-smi), CUDA 12 and cuDNN 9, and onnxruntime's CUDA execution provider, " +
      "which the offline install skips: run `ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js` once, then start " +
      "`RUNNER_PROFILES=gpu npm run runner` against this site's database and artifact store (docs/runners.md)."
    );
  }
  const cores = profile?.cores ?? 1;
  return `A runner on a Linux host with bubblewrap and ${cores} free core${cores === 1 ? "" : "s"} serves it: \`RUNNER_PROFILES=${profileId} npm run runner\` (docs/runners.md).`;
}

export async function unservedProfile(db: Database, profileId: string): Promise<UnservedProfile | null> {
  if (await liveRunnerServes(db, profileId)) return null;
  const profile = HARDWARE_PROFILES.find((candidate) => candidate.id === profileId);
  return { id: profileId, label: profile?.label ?? profileId, howToServe: howToServe(profileId) };
}

/** Every declared profile no live runner serves, in declaration order. */
export async function unservedProfiles(db: Database): Promise<UnservedProfile[]> {
  const all = await Promise.all(HARDWARE_PROFILES.map((profile) => unservedProfile(db, profile.id)));
  return all.filter((entry): entry is UnservedProfile => entry !== null);
}
