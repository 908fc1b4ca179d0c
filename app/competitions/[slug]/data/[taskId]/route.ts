import { Readable } from "node:stream";
import { getDatabase } from "@/db/client";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { currentUser } from "@/lib/auth/session";
import { openDevelopmentData } from "@/lib/data/tasks";
import { webArtifactStore } from "@/lib/submissions/services";

/** A task's development split, for teams registered for the competition (and its organizers). Never the test split. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; taskId: string }> }): Promise<Response> {
  return handleApi(async () => {
    const { slug, taskId } = await params;
    const user = await currentUser();
    const file = await openDevelopmentData(getDatabase(), webArtifactStore(), user?.id ?? null, slug, taskId);
    if (!file) return jsonResponse({ error: { code: "NOT_FOUND", message: "This task has no development data." } }, 404);
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
