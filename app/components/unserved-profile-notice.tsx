import Link from "next/link";
import type { UnservedProfile } from "@/lib/profiles/runner-coverage";

const noticeClass =
  "rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-stone-900 dark:text-amber-100";

/**
 * Said on a board and a competition page when no live runner serves a track's profile, and on the runners page for
 * each such profile. Visitors and teams need to know only that their submissions wait; the set-up commands are for
 * the site's operators, who read them on the runners page.
 */
export function UnservedProfileNotice({
  profile,
  context,
  operator = false,
}: {
  profile: UnservedProfile;
  context: "track" | "list";
  operator?: boolean;
}) {
  if (context === "list") {
    return (
      <p role="note" data-testid="unserved-profile" className={noticeClass}>
        <strong>
          No runner serves the {profile.id} profile ({profile.label}) on this site right now.{" "}
        </strong>
        <CommandText text={profile.howToServe} />
      </p>
    );
  }
  return (
    <p role="note" data-testid="unserved-profile" className={noticeClass}>
      <strong>No runner serves this track yet</strong> ({profile.label}): submissions wait in the queue until one
      starts.
      {operator ? (
        <>
          {" "}
          <Link href="/runners" className="underline">
            The runners page
          </Link>{" "}
          says how to start one.
        </>
      ) : null}
    </p>
  );
}

/** The instructions' `commands` as code, the rest as text (they are written with Markdown's backticks). */
function CommandText({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, index) =>
        index % 2 === 1 ? (
          <code key={`${index}:${part}`} className="break-words rounded bg-amber-100 px-1 dark:bg-stone-800">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
