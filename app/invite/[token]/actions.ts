"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { acceptInvite } from "@/lib/data/team-invites";
import { toActionResult } from "@/lib/errors";

export interface JoinTeamState {
  error: string | null;
}

const joinForm = z.object({ token: z.string().catch("") });

export async function joinTeamAction(_previous: JoinTeamState, formData: FormData): Promise<JoinTeamState> {
  const { token } = joinForm.parse({ token: formData.get("token") });
  const user = await requireUser(`/invite/${token}`);
  const result = await toActionResult(() => acceptInvite(getDatabase(), user.id, user.email, token));
  if (!result.ok) return { error: result.message };
  // Outside toActionResult: redirect() works by throwing, which must reach Next.js.
  redirect(`/teams/${result.value.teamSlug}`);
}
