/** GET who the caller is: the user and the token's team, so `joulebench login` can say as whom it logged in. */
import { otherMethods } from "@/lib/api/other-methods";
import { getDatabase } from "@/db/client";
import { requireApiActor } from "@/lib/api/actor";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { describeApiCaller } from "@/lib/data/api-caller";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleApi(async () => {
    const db = getDatabase();
    return jsonResponse(await describeApiCaller(db, await requireApiActor(db, request)));
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
