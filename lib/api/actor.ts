/**
 * Who is calling API v1: a bearer API token (the CLI and scripts: the token's user, within the token's team),
 * or the signed-in browser's session (the upload page). A session may only make changes from our own pages: an
 * unsafe request whose Origin is another site is refused, so a hostile page cannot submit in a visitor's name
 * with their cookie.
 */
import type { Database } from "../../db/client";
import { authenticateApiToken } from "../data/api-tokens";
import { AppError } from "../errors";
import { isSameOrigin } from "../security/same-origin";

export interface ApiActor {
  userId: string;
  /** Set for token callers: the one team they may act for. */
  teamId: string | null;
}

export async function apiActor(db: Database, request: Request): Promise<ApiActor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError("UNAUTHENTICATED", "Send the token as `Authorization: Bearer <token>`.");
    const token = await authenticateApiToken(db, match[1]!);
    return { userId: token.userId, teamId: token.teamId };
  }
  // Loaded only for cookie callers: token callers (the CLI, scripts, tests) never touch Auth.js.
  const { currentUser } = await import("../auth/session");
  const user = await currentUser();
  if (!user) return null;
  if (!["GET", "HEAD"].includes(request.method) && !isSameOrigin(request)) {
    throw new AppError(
      "FORBIDDEN",
      "This request came from another site. Submit from Joulebench's own pages, or use an API token.",
    );
  }
  return { userId: user.id, teamId: null };
}

export async function requireApiActor(db: Database, request: Request): Promise<ApiActor> {
  const actor = await apiActor(db, request);
  if (!actor)
    throw new AppError("UNAUTHENTICATED", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
  return actor;
}

/** The team a request acts for: a token's own team (a different one named in the body is refused as unknown). */
export function teamFor(actor: ApiActor, requested: string | undefined): string {
  if (actor.teamId) {
    if (requested && requested !== actor.teamId) throw new AppError("NOT_FOUND", "Team not found.");
    return actor.teamId;
  }
  if (!requested) throw new AppError("VALIDATION_FAILED", "Name the team (teamId).");
  return requested;
}

/** A token reads and changes its own team's submissions only: another team's is "not found" to it. */
export function requireTokenScope(actor: ApiActor, teamId: string): void {
  if (actor.teamId && actor.teamId !== teamId) throw new AppError("NOT_FOUND", "Submission not found.");
}
