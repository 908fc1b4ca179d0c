import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { TextField } from "@/app/components/form-fields";
import { requireUser } from "@/lib/auth/session";
import { listManagedCompetitions } from "@/lib/data/competitions";
import { isSiteAdmin } from "@/lib/data/site-admins";
import { createCompetitionAction } from "./actions";
import { OrganizerForm } from "./organizer-form";
import { ZipUploadForm } from "./zip-upload-form";

export const metadata: Metadata = { title: "Organize" };
export const dynamic = "force-dynamic";

export default async function OrganizePage() {
  const user = await requireUser("/organize");
  const db = getDatabase();
  const [competitions, admin] = await Promise.all([listManagedCompetitions(db, user.id), isSiteAdmin(db, user.id)]);
  // Organizer tools exist only for organizers and site admins.
  if (!admin && competitions.length === 0) notFound();
  return (
    <section className="space-y-8">
      <h1 className="text-2xl font-bold">Organize</h1>
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Your competitions</h2>
        {competitions.length === 0 ? (
          <p>No competitions yet.</p>
        ) : (
          <ul className="list-disc pl-5" data-testid="managed-competitions">
            {competitions.map((competition) => (
              <li key={competition.id}>
                <Link href={`/organize/${competition.slug}`} className="text-leaf-700 dark:text-leaf-300 underline">
                  {competition.title}
                </Link>{" "}
                <span className="text-xs text-stone-600 dark:text-stone-400">
                  {competition.status} · {competition.visibility}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm">
          <Link href="/runners" className="text-leaf-700 dark:text-leaf-300 underline">
            Runners and queues
          </Link>
        </p>
      </div>
      {admin ? (
        <div className="grid gap-8 md:grid-cols-2">
          <div className="space-y-2">
            <h2 className="text-lg font-semibold">New competition</h2>
            <OrganizerForm
              action={createCompetitionAction}
              submitLabel="Create competition"
              testId="create-competition"
            >
              <TextField id="competition-title" name="title" label="Title" required />
              <TextField
                id="competition-slug"
                name="slug"
                label="Address"
                hint="Lower-case letters, digits and dashes: /competitions/<address>."
                required
              />
            </OrganizerForm>
            <p className="text-xs text-stone-600 dark:text-stone-400">
              It starts as a private draft: nobody else sees it until you open it.
            </p>
          </div>
          <div className="space-y-2">
            <h2 className="text-lg font-semibold">Import a competition file</h2>
            <ZipUploadForm
              endpoint="/organize/import"
              label="Competition file (.zip)"
              hint="A zip exported from Joulebench, with competition.yaml at its top level."
              submitLabel="Import"
              testId="import-competition"
            />
          </div>
        </div>
      ) : null}
    </section>
  );
}
