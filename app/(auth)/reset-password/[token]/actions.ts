"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { startPasswordSession } from "@/lib/auth/password-sign-in";
import { resetPasswordWithToken } from "@/lib/data/passwords";
import { toActionResult } from "@/lib/errors";

export interface ResetPasswordState {
  error: string | null;
}

const form = z.object({ token: z.string().catch(""), password: z.string().catch("") });

export async function resetPasswordAction(
  _previous: ResetPasswordState,
  formData: FormData,
): Promise<ResetPasswordState> {
  const { token, password } = form.parse({ token: formData.get("token"), password: formData.get("password") });
  const result = await toActionResult(async () => {
    const { userId, revokedTokens } = await resetPasswordWithToken(getDatabase(), token, password);
    // The link proved access to the mailbox; every older session has just ended, this one starts fresh.
    await startPasswordSession(userId);
    return revokedTokens;
  });
  if (!result.ok) return { error: result.message };
  // The prefixes (shown in every token list, not secrets) let the account page list exactly what was revoked.
  const revoked = result.value.map((token) => `&revoked=${encodeURIComponent(token.prefix)}`).join("");
  redirect(`/account?password=reset${revoked}`);
}
