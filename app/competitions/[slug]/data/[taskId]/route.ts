import { Readable } from "node:stream";
import { getDatabase } from "@/db/client";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { signInPathFor } from "@/lib/auth/safe-callback-url";
import { currentUser } from "@/lib/auth/session";
import { openDevelopmentData } from "@/lib/data/tasks";
import { isAppError } from "@/lib/errors";
import { webArtifactStore } from "@/lib/submissions/services";

/**
 * A browser following the link (a page navigation), as opposed to a script or the CLI: it is sent to sign in and
 * back rather than shown a JSON error.
 */
function isPageNavigation(request: Request): boolean {
  return (
    request.headers.get("sec-fetch-mode") === "navigate" || (request.headers.get("accept") ?? "").includes("text/html")
  );
}

/** A task's development split, for teams registered for the competition (and its organizers). Never the test split. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ slug: string; taskId: string }> },
): Promise<Response> {
  const { slug, taskId } = await params;
  const user = await currentUser();
  const here = `/competitions/${encodeURIComponent(slug)}/data/${encodeURIComponent(taskId)}`;
  if (!user && isPageNavigation(request)) {
    // Whether the competition exists is checked after sign-in, as for every other page of a signed-in visitor.
    return new Response(null, { status: 303, headers: { location: signInPathFor(here), "cache-control": "no-store" } });
  }
  return handleApi(async () => {
    const file = await openDevelopmentData(getDatabase(), webArtifactStore(), user?.id ?? null, slug, taskId).catch(
      (error: unknown) => {
        // A signed-in visitor's browser that is not registered yet is sent to the registration page.
        if (user && isAppError(error) && error.code === "FORBIDDEN" && isPageNavigation(request))
          return "register" as const;
        throw error;
      },
    );
    if (file === "register") {
      return new Response(null, {
        status: 303,
        headers: { location: `/competitions/${encodeURIComponent(slug)}/register`, "cache-control": "no-store" },
      });
    }
    if (!file)
      return jsonResponse({ error: { code: "NOT_FOUND", message: "This task has no development data." } }, 404);
    const body = Readable.toWeb(Readable.from(file.body as AsyncIterable<Uint8Array>)) as ReadableStream;
    return new Response(body, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "private, no-store",
        ...(file.sha256 ? { "x-content-sha256": file.sha256 } : {}),
      },
    });
  });
}
