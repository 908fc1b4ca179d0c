"use server";

import { z } from "zod";
import { getDatabase } from "@/db/client";
import { sendPasswordResetMail } from "@/lib/auth/account-mail";
import { requestClientAddress } from "@/lib/auth/client-address";
import { emailAddressSchema } from "@/lib/data/users";
import { toActionResult } from "@/lib/errors";
import {
  accountSubject,
  forAddress,
  passwordResetPerAccount,
  signInPerAddress,
  throttleOrThrow,
} from "@/lib/rate-limit/account-throttles";

export interface ForgotPasswordState {
  status: "idle" | "sent" | "no-mail" | "error";
  message: string | null;
  email: string;
}

const form = z.object({ email: z.string().catch("") });

export async function requestPasswordResetAction(
  _previous: ForgotPasswordState,
  formData: FormData,
): Promise<ForgotPasswordState> {
  const { email } = form.parse({ email: formData.get("email") });
  const parsed = emailAddressSchema.safeParse(email);
  if (!parsed.success) {
    return { status: "error", message: "Enter a valid email address, like ada@example.com.", email };
  }
  const result = await toActionResult(async () => {
    // Each request may send a mail to someone: limited per address asked about and per client.
    await throttleOrThrow(getDatabase(), [
      { rule: passwordResetPerAccount, subject: accountSubject(parsed.data) },
      { rule: forAddress(signInPerAddress), subject: await requestClientAddress() },
    ]);
    return sendPasswordResetMail(parsed.data);
  });
  if (!result.ok) return { status: "error", message: result.message, email };
  if (result.value === "not-configured") {
    return {
      status: "no-mail",
      message:
        "This site does not send email. Ask the site's operator for a reset link: they can make one with `npm run admin -- reset-link <your email>`.",
      email,
    };
  }
  if (result.value === "failed") {
    return { status: "error", message: "We could not send the email. Please try again in a few minutes.", email };
  }
  // The same answer whether or not the address has an account.
  return {
    status: "sent",
    message: `If an account uses ${parsed.data}, we sent it a link to choose a new password. It works for one hour.`,
    email,
  };
}
