"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { sendVerificationMail } from "@/lib/auth/account-mail";
import { requestSessionCookie } from "@/lib/auth/config";
import { requireUser } from "@/lib/auth/session";
import { requestClientAddress } from "@/lib/auth/client-address";
import { deleteAccount } from "@/lib/data/account-deletion";
import type { RevokedApiToken } from "@/lib/data/api-tokens";
import { changePassword } from "@/lib/data/passwords";
import { toActionResult } from "@/lib/errors";

export interface ChangePasswordState {
  status: "idle" | "saved" | "error";
  message: string | null;
  field: "current" | "new" | null;
  values: { currentPassword: string; newPassword: string };
  /** API tokens the change revoked, listed under the message. */
  revokedTokens: RevokedApiToken[];
}

export interface VerificationMailState {
  status: "idle" | "sent" | "error";
  message: string | null;
}

export interface DeleteAccountState {
  error: string | null;
  values: { email: string };
}

const text = z.string().catch("");

export async function changePasswordAction(
  _previous: ChangePasswordState,
  formData: FormData,
): Promise<ChangePasswordState> {
  const user = await requireUser("/account");
  const form = z
    .object({ currentPassword: text, newPassword: text })
    .parse({ currentPassword: formData.get("currentPassword"), newPassword: formData.get("newPassword") });
  const cookie = await requestSessionCookie();
  const keepSessionToken = (await cookies()).get(cookie.name)?.value;
  const clientAddress = await requestClientAddress();
  const result = await toActionResult(() =>
    changePassword(getDatabase(), user.id, { ...form, keepSessionToken, clientAddress }),
  );
  if (result.ok) {
    const { revokedTokens } = result.value;
    return {
      status: "saved",
      message: `Password changed. Your other devices were signed out${revokedTokensSentence(revokedTokens.length)}`,
      field: null,
      values: { currentPassword: "", newPassword: "" },
      revokedTokens,
    };
  }
  // A refused attempt for being too many is about the current password too.
  const field = result.code === "INVALID_CREDENTIALS" || result.code === "RATE_LIMITED" ? "current" : "new";
  return {
    status: "error",
    message: result.message,
    field,
    // Keep whichever password was not the problem.
    values: {
      currentPassword: field === "current" ? "" : form.currentPassword,
      newPassword: field === "new" ? "" : form.newPassword,
    },
    revokedTokens: [],
  };
}

/** ", and your 2 API tokens were revoked (make new ones on your team's tokens page)." or "." */
function revokedTokensSentence(count: number): string {
  if (count === 0) return ".";
  const tokens = count === 1 ? "your API token was" : `your ${count} API tokens were`;
  return `, and ${tokens} revoked: make new ones on your team's tokens page.`;
}

export async function sendVerificationMailAction(): Promise<VerificationMailState> {
  const user = await requireUser("/account");
  const result = await toActionResult(() => sendVerificationMail(user.id));
  if (!result.ok) return { status: "error", message: result.message };
  if (result.value === "sent")
    return { status: "sent", message: `We sent a link to ${user.email}. It works for 3 days.` };
  if (result.value === "failed") return { status: "error", message: "We could not send the email. Try again later." };
  return { status: "error", message: "This site does not send email; ask its operator to verify your address." };
}

export async function deleteAccountAction(
  _previous: DeleteAccountState,
  formData: FormData,
): Promise<DeleteAccountState> {
  const user = await requireUser("/account");
  const form = z
    .object({ email: text, password: text })
    .parse({ email: formData.get("email"), password: formData.get("password") });
  const clientAddress = await requestClientAddress();
  const result = await toActionResult(() => deleteAccount(getDatabase(), user.id, { ...form, clientAddress }));
  if (!result.ok) return { error: result.message, values: { email: form.email } };
  // The sessions went with the account; drop the now meaningless cookie too.
  const cookie = await requestSessionCookie();
  (await cookies()).delete(cookie.name);
  redirect("/?account=deleted");
}
