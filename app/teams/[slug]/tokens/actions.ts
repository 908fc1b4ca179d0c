"use server";

import { revalidatePath } from "next/cache";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { createApiToken, revokeApiToken } from "@/lib/data/api-tokens";
import { toActionResult } from "@/lib/errors";
import type { ButtonState } from "../actions";

export interface CreateTokenState {
  error: string | null;
  /** The secret, in this one answer only. */
  token: string | null;
}

export async function createTokenAction(_previous: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const slug = String(formData.get("slug") ?? "");
  const user = await requireUser(`/teams/${slug}/tokens`);
  const result = await toActionResult(() =>
    createApiToken(getDatabase(), user.id, {
      teamId: String(formData.get("teamId") ?? ""),
      name: String(formData.get("name") ?? ""),
      expiresInDays: String(formData.get("expiresInDays") ?? "90"),
    }),
  );
  if (!result.ok) return { error: result.message, token: null };
  revalidatePath(`/teams/${slug}/tokens`);
  return { error: null, token: result.value.token };
}

export async function revokeTokenAction(_previous: ButtonState, formData: FormData): Promise<ButtonState> {
  const slug = String(formData.get("slug") ?? "");
  const user = await requireUser(`/teams/${slug}/tokens`);
  const result = await toActionResult(() =>
    revokeApiToken(getDatabase(), user.id, String(formData.get("tokenId") ?? "")),
  );
  if (!result.ok) return { error: result.message };
  revalidatePath(`/teams/${slug}/tokens`);
  return { error: null };
}
