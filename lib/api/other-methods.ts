/**
 * The methods an API v1 route does not take, answered 405 METHOD_NOT_ALLOWED in JSON with the API's headers and
 * an Allow header. Without them Next.js answers an empty 405 with none of the API's headers. Each route file
 * spreads these beside its own handlers:
 *
 *   export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
 *
 * OPTIONS answers 204 with the Allow header (Next.js's own answer has none of the API's headers); HEAD follows GET.
 */
import { handleApi } from "./http";
import { MethodNotAllowedError } from "./method-not-allowed-error";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type AnsweredMethod = Method | "OPTIONS";
type Handler = (request: Request) => Promise<Response>;

export function otherMethods(allowed: readonly Method[]): Record<AnsweredMethod, Handler> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
  const refuse: Handler = (request) =>
    handleApi(async () => {
      throw new MethodNotAllowedError(allow);
    }, request);
  const options: Handler = (request) =>
    handleApi(async () => new Response(null, { status: 204, headers: { allow: allow.join(", ") } }), request);
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: options };
}
