/**
 * Where to send a user after signing in. `callbackUrl` arrives in the query string, so anyone can craft a link
 * with one: only paths on this site are followed, or the sign-in form becomes an open redirect
 * (https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html).
 */
export const DEFAULT_AFTER_SIGN_IN = "/teams";

export function safeCallbackPath(value: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== "string") return fallback;
  // "//host" and "/\host" are protocol-relative URLs to another site (browsers read "\" as "/"), and control
  // characters are dropped by URL parsers, which would let "/\t/host" turn into "//host".
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  return value;
}
