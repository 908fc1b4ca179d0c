import type { Metadata } from "next";
import Link from "next/link";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { listMyTeams } from "@/lib/data/teams";
import { CreateTeamForm } from "./create-team-form";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  const user = await requireUser("/teams");
  const teams = await listMyTeams(getDatabase(), user.id);
  return (
    <section className="space-y-10">
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">Your teams</h1>
        {teams.length === 0 ? (
          <p className="text-stone-600 dark:text-stone-400">
            You are not in a team yet. Create one below, or open an invite link from a team owner.
          </p>
        ) : (
          <ul
            className="divide-y divide-stone-200 dark:divide-stone-700 rounded border border-stone-200 dark:border-stone-700 bg-white dark:bg-stone-900"
            aria-label="Your teams"
          >
            {teams.map((team) => (
              <li key={team.id} className="flex items-center justify-between px-4 py-3">
                <Link
                  href={`/teams/${team.slug}`}
                  className="font-medium text-leaf-700 dark:text-leaf-300 hover:underline"
                >
                  {team.name}
                </Link>
                <span className="text-sm text-stone-700 dark:text-stone-300">
                  {team.role === "owner" ? "Owner" : "Member"}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="space-y-4">
        <h2 className="text-lg font-semibold">Create a team</h2>
        <CreateTeamForm />
      </div>
    </section>
  );
}
