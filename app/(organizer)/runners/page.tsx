import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { queueOverview, type ProfileQueue } from "@/lib/data/queue-overview";
import { listRunners, type RunnerListEntry } from "@/lib/data/runners";
import { isAppError } from "@/lib/errors";
import { UnservedProfileNotice } from "@/app/components/unserved-profile-notice";
import { countOf } from "@/lib/format/counted-noun";
import { unservedProfiles, type UnservedProfile } from "@/lib/profiles/runner-coverage";

export const metadata: Metadata = { title: "Runners" };
export const dynamic = "force-dynamic";

const statusStyle: Record<RunnerListEntry["status"], string> = {
  alive: "bg-leaf-50 dark:bg-leaf-900 text-leaf-700 dark:text-leaf-300",
  silent: "bg-amber-50 dark:bg-amber-950 text-amber-800 dark:text-amber-100",
  stopped: "bg-stone-100 dark:bg-stone-800 text-stone-600 dark:text-stone-400",
  refused: "bg-red-50 dark:bg-red-950 text-red-800 dark:text-red-300",
};

export default async function RunnersPage() {
  const user = await requireUser("/runners");
  let runners: RunnerListEntry[];
  let queues: ProfileQueue[];
  let unserved: UnservedProfile[];
  try {
    runners = await listRunners(getDatabase(), user.id);
    queues = await queueOverview(getDatabase(), user.id);
    unserved = await unservedProfiles(getDatabase());
  } catch (error) {
    // Runner fingerprints describe the organizers' machines; to anyone else the page does not exist.
    if (isAppError(error) && error.code === "FORBIDDEN") notFound();
    throw error;
  }
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Runners</h1>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Every runner registers itself and sends a heartbeat every 10 seconds; one silent for 30 seconds is presumed dead
        and its evaluation goes back to the queue.
      </p>
      <QueueTable queues={queues} runners={runners} />
      {unserved.map((profile) => (
        <UnservedProfileNotice key={profile.id} profile={profile} context="list" />
      ))}
      {runners.length === 0 ? (
        <p role="status">
          No runner has registered yet. Start one with <code>npm run runner</code>.
        </p>
      ) : (
        // Scrolls inside its own box on a phone instead of crushing six columns (or widening the page).
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Runners table, scrolls sideways">
          <table className="w-full min-w-[44rem] text-left text-sm" aria-label="Runners">
            <thead className="border-b border-stone-300 dark:border-stone-600 text-stone-600 dark:text-stone-400">
              <tr>
                <th className="py-2">Runner</th>
                <th>Status</th>
                <th>Profiles</th>
                <th>Machine</th>
                <th>Last heartbeat</th>
                <th>Current evaluation</th>
              </tr>
            </thead>
            <tbody>
              {runners.map((runner) => (
                <tr
                  key={runner.id}
                  className="border-b border-stone-200 dark:border-stone-700"
                  data-testid="runner-row"
                >
                  <td className="py-2 font-mono text-xs">{runner.id}</td>
                  <td>
                    <span className={`rounded px-2 py-0.5 text-xs ${statusStyle[runner.status]}`}>{runner.status}</span>
                    {runner.problem ? (
                      <p
                        className="mt-1 max-w-md text-xs break-words text-red-800 dark:text-red-300"
                        data-testid="runner-problem"
                      >
                        {runner.problem}
                      </p>
                    ) : null}
                  </td>
                  <td>{runner.hardwareProfileIds.join(", ")}</td>
                  <td className="text-xs">{describeMachine(runner.fingerprint)}</td>
                  <td className="text-xs">{runner.lastHeartbeatAt.toISOString().replace("T", " ").slice(0, 19)} UTC</td>
                  <td className="font-mono text-xs">{runner.currentEvaluationId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Waiting work per profile, and whether any live runner serves that profile (work with none waits forever). */
function QueueTable({ queues, runners }: { queues: ProfileQueue[]; runners: RunnerListEntry[] }) {
  if (queues.length === 0)
    return (
      <p role="status" data-testid="queue-empty">
        No evaluation is waiting or running.
      </p>
    );
  const now = Date.now();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Queues table, scrolls sideways">
      <table className="w-full min-w-[32rem] text-left text-sm" aria-label="Queues">
        <thead className="border-b border-stone-300 dark:border-stone-600 text-stone-600 dark:text-stone-400">
          <tr>
            <th className="py-2">Profile</th>
            <th>Waiting</th>
            <th>Running</th>
            <th>Oldest waiting</th>
            <th>Live runners</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => {
            const live = runners.filter(
              (runner) => runner.alive && runner.hardwareProfileIds.includes(queue.hardwareProfileId),
            ).length;
            return (
              <tr
                key={queue.hardwareProfileId}
                className="border-b border-stone-200 dark:border-stone-700"
                data-testid="queue-row"
              >
                <td className="py-2">{queue.hardwareProfileId}</td>
                <td>{queue.waiting}</td>
                <td>{queue.running}</td>
                <td className="text-xs">
                  {queue.oldestWaitingSince ? `${describeAge(now - queue.oldestWaitingSince.getTime())} ago` : "—"}
                </td>
                <td
                  className={live === 0 && queue.waiting > 0 ? "font-medium text-red-800 dark:text-red-300" : undefined}
                >
                  {live === 0 && queue.waiting > 0 ? "none: start a runner for this profile" : live}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function describeAge(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function describeMachine(fingerprint: Record<string, unknown>): string {
  const parts = [
    fingerprint.cpuModel,
    fingerprint.cores ? countOf(Number(fingerprint.cores), "core") : null,
    fingerprint.kernel,
  ];
  return parts.filter(Boolean).map(String).join(" · ") || "unknown";
}
