import { getDatabase } from "@/db/client";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { currentUser } from "@/lib/auth/session";
import { importCompetition } from "@/lib/competition-bundle/import";
import { withUploadedFile } from "@/lib/competition-bundle/save-upload";
import { COMPETITION_ZIP_LIMITS } from "@/lib/competition-bundle/zip-reader";
import { requireSiteAdmin } from "@/lib/data/competition-access";
import { requireSameOrigin } from "@/lib/security/same-origin";
import { webArtifactStore } from "@/lib/submissions/services";

/** POST a competition file (the zip as the body): site admins only, checked before the body is read. */
export async function POST(request: Request): Promise<Response> {
  return handleApi(async () => {
    // Checked before who is asking: a cross-site post carries the admin's cookie, so the cookie proves nothing.
    requireSameOrigin(request);
    const user = await currentUser();
    const db = getDatabase();
    await requireSiteAdmin(db, user?.id ?? null, "import competitions");
    const created = await withUploadedFile(request.body, COMPETITION_ZIP_LIMITS.maxTotalUncompressedBytes, (file) =>
      importCompetition(db, webArtifactStore(), user?.id ?? null, file),
    );
    return jsonResponse({ slug: created.slug, url: `/organize/${created.slug}` }, 201);
  });
}
