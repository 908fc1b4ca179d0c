/**
 * The address a request came from, for per-address throttles.
 *
 * `next start` puts the socket's peer address into X-Forwarded-For when the request has none, and leaves the
 * header alone when it has one (next/dist/server/base-server.js). So the entries a client cannot forge are the
 * ones appended by our own proxies: with TRUSTED_PROXY_HOPS proxies in front (default 1, the TLS-terminating
 * proxy production needs anyway), the client is the entry that many places from the right. Without any proxy a
 * client can write the header itself and dodge the per-address throttle; the per-account one still holds
 * (docs/security.md says so).
 */
import "server-only";
import { headers } from "next/headers";
import { readEnvironment } from "../env";

export function clientAddressFrom(forwardedFor: string | null, trustedProxyHops: number): string {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (hops.length === 0) return "unknown";
  // Fewer entries than proxies: the leftmost is the furthest one we can see.
  return hops[Math.max(0, hops.length - Math.max(1, trustedProxyHops))] ?? "unknown";
}

/** The client address of the request being handled (server actions and route handlers). */
export async function requestClientAddress(): Promise<string> {
  const requestHeaders = await headers();
  return clientAddressFrom(requestHeaders.get("x-forwarded-for"), readEnvironment().TRUSTED_PROXY_HOPS);
}
