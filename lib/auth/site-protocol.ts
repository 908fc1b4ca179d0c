/**
 * Is the site served over https, as the browser sees it? The session cookie must then be `Secure` (and carry the
 * __Secure- prefix), or a network attacker who gets the browser to make one plain-http request reads it.
 *
 * AUTH_URL decides when it is set: it is the public address. Without it, the TLS-terminating proxy's
 * X-Forwarded-Proto decides (Auth.js trusts the same header for its own URLs: `trustHost` in ./config.ts). A
 * production start refuses an AUTH_URL that is plain http on a public host (productionSiteUrlProblem), so the
 * address in emails and the cookie's flag can never silently disagree with what users type.
 */
import type { Environment } from "../env";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function servedOverHttps(env: Pick<Environment, "AUTH_URL">, forwardedProto: string | null): boolean {
  if (env.AUTH_URL) return env.AUTH_URL.startsWith("https://");
  // A chain of proxies lists one value per hop; the first is what the browser used.
  return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * Why a production web app must not start with this environment, or null. Plain http is accepted only on a
 * loopback address (a trial on one's own machine, the browser tests); a public site must say https.
 */
export function productionSiteUrlProblem(env: Pick<Environment, "AUTH_URL">): string | null {
  if (!env.AUTH_URL) return null;
  let url: URL;
  try {
    url = new URL(env.AUTH_URL);
  } catch {
    return `AUTH_URL is not a URL (${env.AUTH_URL}). Set it to the site's public address, like https://joulebench.example.org.`;
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return (
    `AUTH_URL must start with https:// for a public site (it is ${env.AUTH_URL}): session cookies would be sent ` +
    "without the Secure flag. Put the site behind a TLS-terminating proxy and set AUTH_URL to its https address " +
    "(docs/security.md lists the proxy headers the site trusts)."
  );
}
