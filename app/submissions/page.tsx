import type { Metadata } from "next";
import Link from "next/link";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { listMySubmissions } from "@/lib/data/submission-views";

export const metadata: Metadata = { title: "My submissions" };
export const dynamic = "force-dynamic";

export default async function MySubmissionsPage() {
  const user = await requireUser("/submissions");
  const submissions = await listMySubmissions(getDatabase(), user.id);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold">My teams&apos; submissions</h1>
      {submissions.length === 0 ? (
        <p>No submissions yet. Open a competition, register your team, and submit a model.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Submissions">
          <table className="min-w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col" className="pr-4">
                  Name
                </th>
                <th scope="col" className="pr-4">
                  Team
                </th>
                <th scope="col" className="pr-4">
                  Competition · track
                </th>
                <th scope="col" className="pr-4">
                  Evaluation
                </th>
                <th scope="col" className="pr-4">
                  Submitted (UTC)
                </th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((submission) => (
                <tr key={submission.id}>
                  <td className="pr-4">
                    <Link href={`/submissions/${submission.id}`} className="underline">
                      {submission.name}
                    </Link>
                  </td>
                  <td className="pr-4">{submission.teamName}</td>
                  <td className="pr-4">
                    {submission.competitionSlug} · {submission.trackTitle}
                  </td>
                  <td className="pr-4">{submission.evaluationState ?? submission.state}</td>
                  <td className="pr-4">{submission.createdAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
