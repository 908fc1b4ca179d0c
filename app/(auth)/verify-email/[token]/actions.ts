"use server";

import { z } from "zod";
import { getDatabase } from "@/db/client";
import { confirmEmailVerification } from "@/lib/data/email-verification";
import { toActionResult } from "@/lib/errors";

export interface VerifyEmailState {
  status: "idle" | "verified" | "error";
  message: string | null;
}

const form = z.object({ token: z.string().catch("") });

export async function verifyEmailAction(_previous: VerifyEmailState, formData: FormData): Promise<VerifyEmailState> {
  const { token } = form.parse({ token: formData.get("token") });
  const result = await toActionResult(() => confirmEmailVerification(getDatabase(), token));
  if (!result.ok) return { status: "error", message: result.message };
  return { status: "verified", message: `Thank you: ${result.value.email} is verified.` };
}
