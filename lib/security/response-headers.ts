/**
 * The security headers every response carries, set by proxy.ts: fixed ones (frame, sniffing, referrer,
 * features), a Content-Security-Policy with a fresh nonce per request, and HSTS on an https site.
 *
 * The CSP follows Next.js's nonce recipe (node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md):
 * Next.js reads the nonce from the request's CSP header and puts it on its own scripts, and 'strict-dynamic' lets
 * those scripts load the page's chunks. Pages must render per request for that to work; the root layout reads
 * the session cookie, which makes every page dynamic. Styles allow 'unsafe-inline': React `style` attributes and
 * SVG charts use inline styles, and a style cannot run script; what matters for XSS, scripts, needs the nonce.
 */

export interface PolicyContext {
  nonce: string;
  /** `next dev`: React needs eval for its debugging stacks there (the Next.js guide above). */
  development: boolean;
  /** The site is served over https (AUTH_URL): then mixed content is upgraded and HSTS is sent. */
  https: boolean;
  /** GitHub sign-in is on: its form posts lead to github.com. */
  githubSignIn: boolean;
}

export function contentSecurityPolicy(context: PolicyContext): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${context.nonce}' 'strict-dynamic'${context.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${context.githubSignIn ? " https://github.com" : ""}`,
    // Nobody may frame our pages: a framed team page would put its one-click buttons under someone else's UI.
    "frame-ancestors 'none'",
    ...(context.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Two years, the value hstspreload.org asks for; sent only over an https site (browsers ignore it on http). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** Headers that are the same on every response. */
export const fixedSecurityHeaders: ReadonlyArray<{ key: string; value: string }> = [
  // For browsers that predate CSP frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Invite and reset links carry their token in the path: never send a full URL to another site.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** A nonce of 128 random bits, base64 (CSP nonces must be unguessable and fresh for each response). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy of API v1's answers (JSON, CSV, event streams): nothing in them may load or run anything, and none
 * may be framed (OWASP's REST Security Cheat Sheet). API v1 sets its headers itself (lib/api/http.ts) rather
 * than through proxy.ts: the proxy's pass costs as much as a cached board request's own work, and API answers
 * need no nonce.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function apiSecurityHeaders(https: boolean): ReadonlyArray<{ key: string; value: string }> {
  return [
    ...fixedSecurityHeaders,
    { key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY },
    ...(https ? [{ key: "Strict-Transport-Security", value: STRICT_TRANSPORT_SECURITY }] : []),
  ];
}
