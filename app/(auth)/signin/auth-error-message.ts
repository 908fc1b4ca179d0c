/**
 * Auth.js sends failed sign-ins back to /signin?error=<type> (pages.error in lib/auth/config.ts). Only the
 * "client-safe" types reach us (@auth/core's errors.js, clientErrors); anything else arrives as "Configuration".
 */
const messages: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used.",
  OAuthAccountNotLinked:
    "An account with this email already exists and signs in another way. Sign in with your password or an email link.",
  AccessDenied: "Sign-in was cancelled or is not allowed for this account.",
  OAuthCallbackError: "GitHub sign-in did not complete. Please try again.",
  MissingCSRF: "This sign-in form had expired. Please try again.",
};

const fallback = "Sign-in failed because of a problem on our side. Please try again later.";

export function authErrorMessage(type: unknown): string | null {
  if (typeof type !== "string" || type === "") return null;
  return messages[type] ?? fallback;
}
