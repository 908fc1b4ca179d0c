import { getDatabase } from "@/db/client";
import { requireApiActor, teamFor } from "@/lib/api/actor";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { pathParams } from "@/lib/api/path-params";
import { registrationRequestSchema } from "@/lib/api/schemas";
import { registerTeam } from "@/lib/data/registrations";
import { parseInput } from "@/lib/validation/parse-input";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return handleApi(async () => {
    const db = getDatabase();
    const actor = await requireApiActor(db, request);
    const body = parseInput(registrationRequestSchema, await request.json().catch(() => ({})));
    const entry = await registerTeam(db, actor.userId, (await pathParams(params)).slug, {
      ...body,
      teamId: teamFor(actor, body.teamId),
    });
    return jsonResponse(entry);
  }, request);
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
