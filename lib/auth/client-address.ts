/**
 * The address a request came from, for per-address throttles.
 *
 * The web app's process records the TCP peer in `x-joulebench-peer-address` (ops/peer-address-preload.cjs;
 * a client cannot set it: the preload overwrites it on every request). With no proxy in front, the default
 * (TRUSTED_PROXY_HOPS=0), that peer is the client and X-Forwarded-For is ignored: anyone can write it, so
 * trusting it would give each made-up value a fresh throttle bucket and let anyone fill another address's.
 * Behind N proxies that each append to X-Forwarded-For, the client is the entry N places from the right: the
 * entries further left are whatever the client wrote.
 */
import { headers } from "next/headers";
import { readEnvironment } from "../env";

export const PEER_ADDRESS_HEADER = "x-joulebench-peer-address";

/**
 * Without the peer header (the web app started without the preload, e.g. a bare `next start`) nothing about
 * the sender can be trusted at 0 hops: every such request shares one bucket, which fails closed.
 */
export const UNKNOWN_ADDRESS = "unknown";

export function clientAddressFrom(requestHeaders: Pick<Headers, "get">, trustedProxyHops: number): string {
  if (trustedProxyHops <= 0) return requestHeaders.get(PEER_ADDRESS_HEADER)?.trim() || UNKNOWN_ADDRESS;
  const hops = (requestHeaders.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (hops.length === 0) return requestHeaders.get(PEER_ADDRESS_HEADER)?.trim() || UNKNOWN_ADDRESS;
  // Fewer entries than proxies: the leftmost is the furthest one we can see.
  return hops[Math.max(0, hops.length - trustedProxyHops)] ?? UNKNOWN_ADDRESS;
}

/** The client address of the request being handled (server actions and route handlers). */
export async function requestClientAddress(): Promise<string> {
  return clientAddressFrom(await headers(), readEnvironment().TRUSTED_PROXY_HOPS);
}
