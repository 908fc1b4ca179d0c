/**
 * Whether a state-changing request comes from our own pages. Server actions get this check from Next.js; API v1
 * (lib/api/actor.ts) and the other route handlers that change state (the organizer's uploads) ask here, so a
 * hostile page cannot post in a signed-in visitor's name with their cookie (SameSite=Lax alone lets some through).
 */
import { AppError } from "../errors";

export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  // Browsers send Origin on every cross-site POST; a request without one is not from a browser page.
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Throws FORBIDDEN for an unsafe request from another site. */
export function requireSameOrigin(request: Request): void {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method) || isSameOrigin(request)) return;
  throw new AppError("FORBIDDEN", "This request came from another site. Use Joulebench's own pages, or an API token.");
}
