import type { RevokedApiToken } from "@/lib/data/api-tokens";

/** The API tokens a password change or reset revoked: name, team and the prefix that tells them apart. */
export function RevokedTokenList({ tokens }: { tokens: RevokedApiToken[] }) {
  return (
    <div data-testid="revoked-tokens" className="text-sm">
      <p>Revoked API tokens:</p>
      <ul className="list-disc pl-5">
        {tokens.map((token) => (
          <li key={token.prefix}>
            {token.name} <span className="font-mono text-stone-600 dark:text-stone-400">{token.prefix}…</span>
            {token.teamName ? ` (${token.teamName})` : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
