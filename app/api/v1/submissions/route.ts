import { getDatabase } from "@/db/client";
import { requireApiActor } from "@/lib/api/actor";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { listMySubmissions } from "@/lib/data/submission-views";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleApi(async () => {
    const db = getDatabase();
    const actor = await requireApiActor(db, request);
    const competition = new URL(request.url).searchParams.get("competition") ?? undefined;
    // A token sees its own team's submissions only.
    const submissions = await listMySubmissions(db, actor.userId, {
      competitionSlug: competition,
      teamId: actor.teamId ?? undefined,
    });
    return jsonResponse({ submissions });
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
