import { handleApi } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { buildOpenApiDocument } from "@/lib/api/openapi";

// Per request, as every API v1 answer, so that its security headers follow the running site (lib/api/http.ts).
export const dynamic = "force-dynamic";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export function GET(request: Request): Promise<Response> {
  return handleApi(async () => Response.json((document ??= buildOpenApiDocument())), request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
