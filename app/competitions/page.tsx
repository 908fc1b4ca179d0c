import type { Metadata } from "next";
import Link from "next/link";
import { getDatabase } from "@/db/client";
import { currentUser } from "@/lib/auth/session";
import { listCompetitions } from "@/lib/data/competitions";

export const metadata: Metadata = { title: "Competitions" };
export const dynamic = "force-dynamic";

export default async function CompetitionsPage() {
  const user = await currentUser();
  const competitions = await listCompetitions(getDatabase(), user?.id ?? null);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Competitions</h1>
      {competitions.length === 0 ? (
        <p role="status">No competition is open to the public yet.</p>
      ) : (
        <ul className="space-y-3" data-testid="competition-list">
          {competitions.map((competition) => (
            <li key={competition.id} className="rounded border border-stone-200 dark:border-stone-700 bg-white dark:bg-stone-900 p-4">
              <Link href={`/competitions/${competition.slug}`} className="text-lg font-semibold text-leaf-700 dark:text-leaf-300 hover:underline">
                {competition.title}
              </Link>
              <p className="text-xs text-stone-600 dark:text-stone-400">
                {competition.status}
                {competition.visibility === "public" ? "" : ` · ${competition.visibility} (you organize it)`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
