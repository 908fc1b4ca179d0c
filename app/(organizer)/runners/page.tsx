import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { listRunners, type RunnerListEntry } from "@/lib/data/runners";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Runners" };
export const dynamic = "force-dynamic";

const statusStyle: Record<RunnerListEntry["status"], string> = {
  alive: "bg-leaf-50 text-leaf-700",
  silent: "bg-amber-50 text-amber-800",
  stopped: "bg-stone-100 text-stone-600",
  refused: "bg-red-50 text-red-800",
};

export default async function RunnersPage() {
  const user = await requireUser("/runners");
  let runners: RunnerListEntry[];
  try {
    runners = await listRunners(getDatabase(), user.id);
  } catch (error) {
    // Runner fingerprints describe the organizers' machines; to anyone else the page does not exist.
    if (isAppError(error) && error.code === "FORBIDDEN") notFound();
    throw error;
  }
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Runners</h1>
      <p className="text-sm text-stone-600">
        Every runner registers itself and sends a heartbeat every 10 seconds; one silent for 30 seconds is presumed
        dead and its evaluation goes back to the queue.
      </p>
      {runners.length === 0 ? (
        <p role="status">No runner has registered yet. Start one with <code>npm run runner</code>.</p>
      ) : (
        <table className="w-full text-left text-sm" aria-label="Runners">
          <thead className="border-b border-stone-300 text-stone-600">
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
              <tr key={runner.id} className="border-b border-stone-200" data-testid="runner-row">
                <td className="py-2 font-mono text-xs">{runner.id}</td>
                <td>
                  <span className={`rounded px-2 py-0.5 text-xs ${statusStyle[runner.status]}`}>{runner.status}</span>
                  {runner.problem ? (
                    <p className="mt-1 max-w-md text-xs break-words text-red-800" data-testid="runner-problem">
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
      )}
    </section>
  );
}

function describeMachine(fingerprint: Record<string, unknown>): string {
  const parts = [fingerprint.cpuModel, fingerprint.cores ? `${String(fingerprint.cores)} cores` : null, fingerprint.kernel];
  return parts.filter(Boolean).map(String).join(" · ") || "unknown";
}
