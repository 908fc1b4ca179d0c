/**
 * Which requests the page cache may answer: a signed-out visitor's plain page load (GET, no session cookie, not a
 * client-side navigation's RSC request) of one of the public pages people land on and reload, the home page, the
 * competitions, a competition and a board (and the board's entries.json). These pages are the same for every
 * signed-out visitor: they read the session cookie and nothing else of the request besides its path and query.
 * A signed-in member sees their own teams marked, so their requests always render.
 */
import type { IncomingHttpHeaders } from "node:http";
import { SECURE_SESSION_COOKIE_NAME, SESSION_COOKIE_NAME } from "../../lib/auth/session-cookie-names";

const CACHEABLE_PATHS: readonly RegExp[] = [
  /^\/$/,
  /^\/competitions$/,
  /^\/competitions\/[^/]+$/,
  /^\/competitions\/[^/]+\/tracks\/[^/]+$/,
  /^\/competitions\/[^/]+\/tracks\/[^/]+\/entries\.json$/,
];

/** Headers of a client-side navigation or prefetch: Next.js answers those with an RSC payload, not the page. */
const NAVIGATION_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch"];

/** Methods that read: any other (a form post, a server action, an upload) may change what a page shows. */
export const READING_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** The key a request's page is kept under, or null when the request must be rendered for itself. */
export function pageCacheKey(request: { method?: string; url?: string; headers: IncomingHttpHeaders }): string | null {
  if (request.method !== "GET" || !request.url?.startsWith("/")) return null;
  if (hasSessionCookie(request.headers.cookie)) return null;
  if (NAVIGATION_HEADERS.some((name) => request.headers[name] !== undefined)) return null;
  const queryAt = request.url.indexOf("?");
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  if (!CACHEABLE_PATHS.some((pattern) => pattern.test(path))) return null;
  if (queryAt >= 0 && new URLSearchParams(request.url.slice(queryAt + 1)).has("_rsc")) return null;
  return request.url;
}

function hasSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((cookie) => {
    const equals = cookie.indexOf("=");
    const name = (equals < 0 ? cookie : cookie.slice(0, equals)).trim();
    // Auth.js splits a large session cookie into "<name>.0", "<name>.1", ...
    return [SESSION_COOKIE_NAME, SECURE_SESSION_COOKIE_NAME].some(
      (sessionName) => name === sessionName || name.startsWith(`${sessionName}.`),
    );
  });
}
