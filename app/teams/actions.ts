"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { createTeam } from "@/lib/data/teams";
import { toActionResult } from "@/lib/errors";

export interface CreateTeamState {
  error: string | null;
  // Echoed back so the form keeps what was typed (React resets a form after its action).
  values: { name: string };
}

// FormData.get gives null for a missing field and a File for a crafted one; both read as "".
const createTeamForm = z.object({ name: z.string().catch("") });

export async function createTeamAction(_previous: CreateTeamState, formData: FormData): Promise<CreateTeamState> {
  const user = await requireUser("/teams");
  const form = createTeamForm.parse({ name: formData.get("name") });
  const result = await toActionResult(() => createTeam(getDatabase(), user.id, form));
  if (!result.ok) return { error: result.message, values: form };
  // Outside toActionResult: redirect() works by throwing, which must reach Next.js.
  redirect(`/teams/${result.value.slug}`);
}
