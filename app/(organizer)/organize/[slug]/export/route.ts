import { Readable } from "node:stream";
import { getDatabase } from "@/db/client";
import { handleApi } from "@/lib/api/http";
import { currentUser } from "@/lib/auth/session";
import { exportCompetition } from "@/lib/competition-bundle/export";
import { webArtifactStore } from "@/lib/submissions/services";

/** The competition file, without hidden test data: organizers of the competition and site admins. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApi(async () => {
    const { slug } = await params;
    const user = await currentUser();
    const { fileName, stream } = await exportCompetition(getDatabase(), webArtifactStore(), user?.id ?? null, slug);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "no-store",
      },
    });
  });
}
