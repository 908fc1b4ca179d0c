"use server";

import { redirect } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { registerTeam } from "@/lib/data/registrations";
import { toActionResult } from "@/lib/errors";

export interface RegisterState {
  error: string | null;
}

export async function registerAction(_previous: RegisterState, formData: FormData): Promise<RegisterState> {
  const slug = String(formData.get("slug") ?? "");
  const user = await requireUser(`/competitions/${slug}/register`);
  const result = await toActionResult(() =>
    registerTeam(getDatabase(), user.id, slug, {
      teamId: String(formData.get("teamId") ?? ""),
      acceptRules: formData.get("acceptRules") === "on",
    }),
  );
  if (!result.ok) return { error: result.message };
  redirect(`/competitions/${slug}/submit`);
}
