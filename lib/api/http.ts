/**
 * JSON answers of API v1: data as it is (dates become ISO strings through JSON), and every error as
 * `{ error: { code, message, reason?, details? } }` with the stable code of lib/errors.ts and an HTTP status
 * that fits it. Anything that is not an AppError is logged and answered as INTERNAL, revealing nothing.
 */
import { createHash } from "node:crypto";
import { siteUrl } from "../env";
import { isAppError, type AppErrorCode } from "../errors";
import { apiSecurityHeaders } from "../security/response-headers";
import { isBundleRejected } from "../submissions/bundle-rejected";
import { ApiRateLimitedError, limitApiRequest, noteApiOutcome } from "./api-rate-limit";
import { MethodNotAllowedError } from "./method-not-allowed-error";

const STATUS: Partial<Record<AppErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  BUNDLE_REJECTED: 400,
  UNAUTHENTICATED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_REGISTERED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  DUPLICATE_SUBMISSION: 409,
  PHASE_CLOSED: 409,
  ONE_TEAM_PER_PERSON: 409,
  TEAM_NAME_TAKEN: 409,
  TEAM_NAME_RESERVED: 409,
  ALREADY_SCORED: 409,
  TOO_LARGE: 413,
  QUOTA_EXCEEDED: 429,
  RATE_LIMITED: 429,
  STORAGE_UNAVAILABLE: 503,
};

export function jsonResponse(data: unknown, status = 200): Response {
  // nosniff here too, for the organizer's JSON routes outside API v1 (handleApi sets it again, with the rest).
  return Response.json(data, { status, headers: { "cache-control": "no-store", "x-content-type-options": "nosniff" } });
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const body = {
      error: {
        code: error.code,
        message: error.message,
        ...(isBundleRejected(error) ? { reason: error.reason, details: error.details } : {}),
      },
    };
    const response = jsonResponse(body, STATUS[error.code] ?? 400);
    if (error instanceof ApiRateLimitedError) response.headers.set("retry-after", String(error.retryAfterSeconds));
    if (error instanceof MethodNotAllowedError) response.headers.set("allow", error.allowed.join(", "));
    return response;
  }
  console.error(error);
  return jsonResponse(
    { error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." } },
    500,
  );
}

/**
 * Runs a handler, turning whatever it throws into the JSON error answer, and puts the security headers on
 * either (API v1 is outside proxy.ts: see apiSecurityHeaders). Every API v1 route answers through here, and
 * passes its request, which puts it under API v1's rate limits (lib/api/api-rate-limit.ts) before any work.
 */
export async function handleApi(work: () => Promise<Response>, request?: Request): Promise<Response> {
  let response: Response;
  try {
    if (request) limitApiRequest(request);
    response = await work();
  } catch (error) {
    if (request) noteApiOutcome(request, error);
    response = errorResponse(error);
  }
  for (const { key, value } of apiSecurityHeaders(siteUrl().startsWith("https://"))) response.headers.set(key, value);
  return response;
}

/**
 * A response whose body is bytes kept in a cache (a board's JSON or CSV): handed to the socket as one stream
 * chunk. A Response made from a Uint8Array copies it first (undici's extractBody), and one made from a string
 * encodes it again, each as costly as the rest of a cached board request.
 * `etag` (from `bytesEtag`, kept beside the bytes) names the bytes: the web server compresses an answer with an
 * ETag once and keeps the result (ops/web-server/compress-once.ts), where Next.js would compress the same 0.8 MB
 * for every request.
 */
export function cachedBytesResponse(bytes: Uint8Array, headers: Record<string, string>, etag?: string): Response {
  return bytesResponse(bytes, etag ? { ...headers, etag } : headers);
}

/** A strong ETag for cached bytes: a digest of them, so equal tags mean equal bytes. */
export function bytesEtag(bytes: Uint8Array): string {
  return `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 32)}"`;
}

function bytesResponse(bytes: Uint8Array, headers: Record<string, string>): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-length": String(bytes.byteLength), ...headers } });
}
