/**
 * Every /api/v1 path no route serves, with any method: a JSON NOT_FOUND with the API's headers (and under its
 * rate limits), instead of the site's HTML 404 page, which names the signed-in user.
 */
import { handleApi } from "@/lib/api/http";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

function notFound(request: Request): Promise<Response> {
  return handleApi(async () => {
    throw new AppError("NOT_FOUND", "API v1 has nothing at this path; /api/v1/openapi.json lists what it has.");
  }, request);
}

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as OPTIONS,
};
