/**
 * The account emails: an address verification link and a password reset link. Plain text, the link alone on its
 * line, as for invites (lib/teams/invite-mail.ts). Without SMTP nothing is sent and the caller says what to do
 * instead (the operator's `npm run admin -- verify-email | reset-link`).
 */
import "server-only";
import { getDatabase } from "../../db/client";
import { startEmailVerification } from "../data/email-verification";
import { startPasswordReset } from "../data/passwords";
import type { IssuedUserToken } from "../data/user-tokens";
import { readEnvironment, siteUrl } from "../env";
import { type OutgoingMail, sendMail } from "../mail/mailer";

export type MailOutcome = "sent" | "not-configured" | "failed";

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function buildVerificationMail(issued: IssuedUserToken, baseUrl: string = siteUrl()): OutgoingMail {
  return {
    to: issued.email,
    subject: "Confirm your email address for Joulebench",
    text: [
      "Someone, hopefully you, created a Joulebench account with this address. Open this link to confirm it:",
      "",
      `${baseUrl}${issued.path}`,
      "",
      `The link works until ${utc(issued.expiresAt)}. Until then the account cannot accept team invites sent to this address.`,
      "",
      "If you did not sign up, ignore this email: nobody can use your address for invites without this link.",
    ].join("\n"),
  };
}

export function buildPasswordResetMail(issued: IssuedUserToken, baseUrl: string = siteUrl()): OutgoingMail {
  return {
    to: issued.email,
    subject: "Reset your Joulebench password",
    text: [
      "Someone, hopefully you, asked to reset the password of the Joulebench account with this address.",
      "Open this link to choose a new password:",
      "",
      `${baseUrl}${issued.path}`,
      "",
      `The link works once, until ${utc(issued.expiresAt)}. Choosing a new password signs out every device.`,
      "",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}

async function deliver(mail: OutgoingMail): Promise<MailOutcome> {
  const env = readEnvironment();
  if (!env.SMTP_URL) return "not-configured";
  try {
    return (await sendMail(mail, { smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM })) ? "sent" : "not-configured";
  } catch (error) {
    console.error("Could not send account mail:", error);
    return "failed";
  }
}

/** Sends the user a verification link when SMTP is set up. */
export async function sendVerificationMail(userId: string): Promise<MailOutcome> {
  if (!readEnvironment().SMTP_URL) return "not-configured";
  const issued = await startEmailVerification(getDatabase(), userId);
  return deliver(buildVerificationMail(issued));
}

/** Sends a reset link when an account has this address; says nothing about whether one has. */
export async function sendPasswordResetMail(email: string): Promise<MailOutcome> {
  if (!readEnvironment().SMTP_URL) return "not-configured";
  const issued = await startPasswordReset(getDatabase(), email);
  if (!issued) return "sent";
  return deliver(buildPasswordResetMail(issued));
}
