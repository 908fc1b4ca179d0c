/**
 * API tokens for the CLI and other clients. A token acts for the user who made it, within one team only, until
 * it expires or is revoked. The secret is shown once, when it is made; only its sha256 is stored (a token is
 * 256 random bits, so a fast hash is enough: there is nothing to brute-force, unlike a password), with a short
 * prefix that lets a user tell tokens apart in a list.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { apiTokens, teams, users } from "../../db/schema";
import { AppError } from "../errors";
import type { ActorId } from "./competition-access";
import { roleOf, teamNotFound } from "./teams";
import { parseInput } from "../validation/parse-input";

const TOKEN_PREFIX = "jb_";
/** "jb_" and the first 8 characters of the secret: enough to tell tokens apart, far too little to guess one. */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;
export const MAX_TOKEN_DAYS = 365;

export const apiTokenInputSchema = z.object({
  teamId: z.string().min(1),
  name: z.string().trim().min(1, { error: "Name the token (say, the machine it is for)." }).max(80),
  expiresInDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_TOKEN_DAYS, { error: `A token lives at most ${MAX_TOKEN_DAYS} days.` })
    .default(90),
});
export type ApiTokenInput = z.input<typeof apiTokenInputSchema>;

export interface ApiTokenEntry {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface TokenActor {
  tokenId: string;
  userId: string;
  teamId: string;
}

export const hashApiToken = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Any member of the team may make a token for it; the secret is returned here and never again. */
export async function createApiToken(
  db: Database,
  actorId: ActorId,
  input: ApiTokenInput,
): Promise<{ token: string; entry: ApiTokenEntry }> {
  if (!actorId) throw new AppError("UNAUTHENTICATED", "Sign in to make an API token.");
  const { teamId, name, expiresInDays } = parseInput(apiTokenInputSchema, input);
  if (!(await roleOf(db, teamId, actorId))) throw teamNotFound();
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId: actorId,
      teamId,
      name,
      prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      tokenHash: hashApiToken(token),
      scopes: ["submit", "read"],
      expiresAt: new Date(Date.now() + expiresInDays * 86_400_000),
    })
    .returning();
  const [entry] = await listQuery(db, teamId, row!.id);
  return { token, entry: entry! };
}

/** The team's tokens, for its members (never the secrets). */
export async function listApiTokens(db: Database, actorId: ActorId, teamId: string): Promise<ApiTokenEntry[]> {
  if (!actorId || !(await roleOf(db, teamId, actorId))) throw teamNotFound();
  return listQuery(db, teamId);
}

/** Its maker or the team's owner may revoke a token; it stops working at once. */
export async function revokeApiToken(db: Database, actorId: ActorId, tokenId: string): Promise<void> {
  if (!actorId) throw new AppError("UNAUTHENTICATED", "Sign in to revoke a token.");
  const [token] = await db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
  const role = token?.teamId ? await roleOf(db, token.teamId, actorId) : null;
  if (!token || !role) throw new AppError("NOT_FOUND", "Token not found.");
  if (token.userId !== actorId && role !== "owner")
    throw new AppError("FORBIDDEN", "Only the token's maker or the team owner can revoke it.");
  await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(eq(apiTokens.id, tokenId));
}

export interface RevokedApiToken {
  name: string;
  prefix: string;
  teamName: string | null;
}

/**
 * Revokes every token of the user that still works (a password change or reset: a token made by someone who
 * stole a session must not outlive the owner taking the account back). Returns what was revoked, to show.
 */
export async function revokeAllApiTokensOfUser(db: DatabaseOrTransaction, userId: string): Promise<RevokedApiToken[]> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.userId, userId),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    )
    .returning({ name: apiTokens.name, prefix: apiTokens.prefix, teamId: apiTokens.teamId });
  if (revoked.length === 0) return [];
  const teamIds = [...new Set(revoked.flatMap((token) => (token.teamId ? [token.teamId] : [])))];
  const teamNames = new Map(
    teamIds.length === 0
      ? []
      : (await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, teamIds))).map(
          (team) => [team.id, team.name],
        ),
  );
  return revoked
    .map((token) => ({
      name: token.name,
      prefix: token.prefix,
      teamName: (token.teamId && teamNames.get(token.teamId)) || null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The user's own revoked tokens with these prefixes (the account page after a reset lists them). */
export async function revokedApiTokensOfUser(
  db: Database,
  userId: string,
  prefixes: string[],
): Promise<RevokedApiToken[]> {
  if (prefixes.length === 0) return [];
  const rows = await db
    .select({ name: apiTokens.name, prefix: apiTokens.prefix, teamName: teams.name })
    .from(apiTokens)
    .leftJoin(teams, eq(teams.id, apiTokens.teamId))
    .where(
      and(
        eq(apiTokens.userId, userId),
        inArray(apiTokens.prefix, prefixes.slice(0, 100)),
        sql`${apiTokens.revokedAt} is not null`,
      ),
    )
    .orderBy(apiTokens.name);
  return rows;
}

/**
 * The user and team a presented secret acts for. UNAUTHENTICATED for an unknown token; TOKEN_REVOKED and
 * TOKEN_EXPIRED say what happened and what to do; a maker who has left the team can no longer use its tokens.
 */
export async function authenticateApiToken(db: Database, secret: string): Promise<TokenActor> {
  const [token] = secret.startsWith(TOKEN_PREFIX)
    ? await db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.tokenHash, hashApiToken(secret)))
    : [];
  if (!token || !token.teamId)
    throw new AppError(
      "UNAUTHENTICATED",
      "This API token is not valid. Make one on your team's tokens page and run `npx joulebench login` again.",
    );
  if (token.revokedAt)
    throw new AppError("TOKEN_REVOKED", "This API token was revoked. Make a new one on your team's tokens page.");
  if (token.expiresAt && token.expiresAt <= new Date())
    throw new AppError("TOKEN_EXPIRED", "This API token has expired. Make a new one on your team's tokens page.");
  if (!(await roleOf(db, token.teamId, token.userId)))
    throw new AppError("TOKEN_REVOKED", "This token's maker is no longer in its team, so it no longer works.");
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, token.id));
  return { tokenId: token.id, userId: token.userId, teamId: token.teamId };
}

function listQuery(db: Database, teamId: string, tokenId?: string): Promise<ApiTokenEntry[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdBy: users.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(teams, eq(teams.id, apiTokens.teamId))
    .leftJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.teamId, teamId), tokenId ? eq(apiTokens.id, tokenId) : undefined))
    .orderBy(desc(apiTokens.createdAt));
}
