import type { UnservedProfile } from "@/lib/profiles/runner-coverage";

/** Said on a board, a competition page and the runners page when no live runner serves a profile. */
export function UnservedProfileNotice({ profile, context }: { profile: UnservedProfile; context: "track" | "list" }) {
  return (
    <p role="note" data-testid="unserved-profile" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-stone-900 dark:text-amber-100">
      <strong>No runner serves the {profile.id} profile ({profile.label}) on this site right now</strong>
      {context === "track" ? ": submissions to this track wait in the queue until one starts. " : ". "}
      {profile.howToServe}
    </p>
  );
}
