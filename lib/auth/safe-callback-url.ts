/**
 * Where to send a user after signing in. `callbackUrl` arrives in the query string, so anyone can craft a link
 * with one: only paths on this site are followed, or the sign-in form becomes an open redirect
 * (https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html).
 *
 * The path is rebuilt with the WHATWG URL parser, the one browsers use: what we check is then what the browser
 * will follow, and what comes out is plain ASCII (non-ASCII percent-encoded). A raw "é" or a look-alike slash
 * such as "／" (U+FF0F) in a Location header is otherwise sent as mangled bytes, or makes the redirect fail.
 */
export const DEFAULT_AFTER_SIGN_IN = "/teams";

// Only used to parse a path against; never shown or followed.
const PLACEHOLDER_ORIGIN = "http://callback.invalid";

export function safeCallbackPath(value: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== "string") return fallback;
  // "//host" and "/\host" are protocol-relative URLs to another site (browsers read "\" as "/"), and control
  // characters are dropped by URL parsers, which would let "/\t/host" turn into "//host".
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (parsed.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  // Belt and braces: the rebuilt path must itself still be a plain site path.
  if (path.startsWith("//") || !/^\/[\x21-\x7e]*$/.test(path)) return fallback;
  return path;
}

/** `/signin?callbackUrl=<path>`, built with URLSearchParams so any path survives the round trip intact. */
export function signInPathFor(returnTo: string): string {
  const query = new URLSearchParams({ callbackUrl: safeCallbackPath(returnTo, "/") });
  return `/signin?${query.toString()}`;
}
