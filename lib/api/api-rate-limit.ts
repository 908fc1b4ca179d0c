/**
 * API v1's rate limits: every request counts against its client address, a request with a bearer token also
 * against that token, and a token that fails to authenticate against its address's failed-token allowance,
 * which is checked before the token reaches the database. So one token cannot flood the API, one address cannot
 * either, and random or stolen-and-revoked tokens are tried a few a minute, not thousands. The limits come from
 * the environment (lib/env.ts says why the defaults); a refused request is answered 429 RATE_LIMITED with
 * Retry-After, as the OpenAPI document states.
 */
import { createHash } from "node:crypto";
import { clientAddressFrom } from "../auth/client-address";
import { readEnvironment } from "../env";
import { AppError } from "../errors";
import { TokenBuckets, type BucketRule, type BucketVerdict } from "../rate-limit/token-bucket";

/** A full bucket holds this many minutes' worth of requests: a script may catch up after a pause. */
export const BURST_MINUTES = 2;

export class ApiRateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super(
      "RATE_LIMITED",
      `Too many requests ${what}. Try again in ${retryAfterSeconds} s (the Retry-After header says the same).`,
    );
  }
}

export interface ApiRateRules {
  perToken: BucketRule;
  perAddress: BucketRule;
  failedTokensPerAddress: BucketRule;
}

export function apiRateRules(env = readEnvironment()): ApiRateRules {
  const rule = (perMinute: number): BucketRule => ({ perMinute, burst: perMinute * BURST_MINUTES });
  return {
    perToken: rule(env.API_RATE_LIMIT_PER_TOKEN),
    perAddress: rule(env.API_RATE_LIMIT_PER_ADDRESS),
    failedTokensPerAddress: rule(env.API_FAILED_TOKEN_LIMIT_PER_ADDRESS),
  };
}

let buckets: { key: string; perToken: TokenBuckets; perAddress: TokenBuckets; failedTokens: TokenBuckets } | undefined;

/** This process's buckets, made again when the limits change (tests set them through the environment). */
function currentBuckets() {
  const rules = apiRateRules();
  const key = JSON.stringify(rules);
  if (buckets?.key !== key) {
    buckets = {
      key,
      perToken: new TokenBuckets(rules.perToken),
      perAddress: new TokenBuckets(rules.perAddress),
      failedTokens: new TokenBuckets(rules.failedTokensPerAddress),
    };
  }
  return buckets;
}

interface Caller {
  address: string;
  /** A hash of the bearer token as sent (valid or not), so no token is kept in memory in the clear. */
  tokenKey: string | null;
}

function callerOf(request: Request): Caller {
  const address = clientAddressFrom(request.headers, readEnvironment().TRUSTED_PROXY_HOPS);
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  return { address, tokenKey: bearer ? createHash("sha256").update(bearer).digest("hex") : null };
}

function refuse(verdict: BucketVerdict, what: string): void {
  if (!verdict.allowed) throw new ApiRateLimitedError(verdict.retryAfterSeconds, what);
}

/** Counts the request; throws ApiRateLimitedError when the address or the token is over its limit. */
export function limitApiRequest(request: Request, nowMs = Date.now()): void {
  const { address, tokenKey } = callerOf(request);
  const current = currentBuckets();
  refuse(current.perAddress.take(address, nowMs), "from your address");
  if (tokenKey === null) return;
  refuse(current.failedTokens.peek(address, nowMs), "with tokens that do not work from your address");
  refuse(current.perToken.take(tokenKey, nowMs), "with this token");
}

const TOKEN_FAILURES = new Set(["UNAUTHENTICATED", "TOKEN_REVOKED", "TOKEN_EXPIRED"]);

/** After the handler: a bearer token that did not authenticate uses up one of its address's failed tries. */
export function noteApiOutcome(request: Request, error: unknown, nowMs = Date.now()): void {
  if (!(error instanceof AppError) || !TOKEN_FAILURES.has(error.code)) return;
  const { address, tokenKey } = callerOf(request);
  if (tokenKey !== null) currentBuckets().failedTokens.take(address, nowMs);
}
