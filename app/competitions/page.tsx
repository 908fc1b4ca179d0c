import type { Metadata } from "next";
import { getDatabase } from "@/db/client";
import { CompetitionCard } from "@/app/components/competition-card";
import { currentUser } from "@/lib/auth/session";
import { listCompetitionCards } from "@/lib/data/competition-cards";

export const metadata: Metadata = { title: "Competitions" };
export const dynamic = "force-dynamic";

export default async function CompetitionsPage() {
  const user = await currentUser();
  const now = new Date();
  const cards = await listCompetitionCards(getDatabase(), user?.id ?? null, now);
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Competitions</h1>
      {cards.length === 0 ? (
        <p role="status">No competition is open to the public yet.</p>
      ) : (
        <div className="grid grid-cols-1 gap-4" data-testid="competition-list">
          {cards.map((card) => (
            <CompetitionCard key={card.id} card={card} now={now} />
          ))}
        </div>
      )}
    </section>
  );
}
