import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { listApiTokens } from "@/lib/data/api-tokens";
import { getTeamForMember } from "@/lib/data/teams";
import { isAppError } from "@/lib/errors";
import { ActionButton } from "../action-button";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "never");

export default async function TokensPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/teams/${slug}/tokens`);
  const db = getDatabase();
  const team = await getTeamForMember(db, user.id, slug).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const tokens = await listApiTokens(db, user.id, team.id);
  const now = new Date();
  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{team.name}: API tokens</h1>
        <p className="text-sm text-stone-700 dark:text-stone-300">
          A token lets the command line (<code>npx joulebench login</code>) and scripts submit and read this team&apos;s
          submissions in your name. It works for this team only, until it expires or is revoked. Only a hash of it is
          kept.
        </p>
      </div>
      <CreateTokenForm teamId={team.id} slug={slug} />
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Tokens">
        <table className="min-w-full text-sm" data-testid="tokens">
          <thead>
            <tr className="text-left">
              <th scope="col" className="pr-4">
                Name
              </th>
              <th scope="col" className="pr-4">
                Starts with
              </th>
              <th scope="col" className="pr-4">
                Made by
              </th>
              <th scope="col" className="pr-4">
                Last used
              </th>
              <th scope="col" className="pr-4">
                Expires
              </th>
              <th scope="col" className="pr-4">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => {
              const status = token.revokedAt
                ? "revoked"
                : token.expiresAt && token.expiresAt <= now
                  ? "expired"
                  : "active";
              return (
                <tr key={token.id}>
                  <td className="pr-4">{token.name}</td>
                  <td className="pr-4 font-mono">{token.prefix}…</td>
                  <td className="pr-4">{token.createdBy ?? "—"}</td>
                  <td className="pr-4">{day(token.lastUsedAt)}</td>
                  <td className="pr-4">{day(token.expiresAt)}</td>
                  <td className="pr-4">
                    {status === "active" ? (
                      <ActionButton
                        action={revokeTokenAction}
                        fields={{ tokenId: token.id, slug }}
                        label="Revoke"
                        variant="danger"
                      />
                    ) : (
                      status
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
