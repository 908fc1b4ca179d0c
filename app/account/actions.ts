"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { signOut } from "@/lib/auth/config";
import { requireUser } from "@/lib/auth/session";
import { updateUserName } from "@/lib/data/users";
import { toActionResult } from "@/lib/errors";

export interface DisplayNameState {
  status: "idle" | "saved" | "error";
  message: string | null;
  name: string;
}

const displayNameForm = z.object({ name: z.string().catch("") });

export async function updateDisplayNameAction(
  _previous: DisplayNameState,
  formData: FormData,
): Promise<DisplayNameState> {
  const user = await requireUser("/account");
  const { name } = displayNameForm.parse({ name: formData.get("name") });
  const result = await toActionResult(() => updateUserName(getDatabase(), user.id, name));
  if (!result.ok) return { status: "error", message: result.message, name };
  // The header shows the user's name when they have no email, on every page.
  revalidatePath("/", "layout");
  return { status: "saved", message: "Saved.", name: result.value.name ?? "" };
}

export async function signOutAction(): Promise<void> {
  // Deletes the database session (whichever way it was created) and clears the cookie. Auth.js's own redirect
  // would be absolute, built from X-Forwarded-Host when AUTH_URL is unset: a client could name any host there.
  // A path stays on the origin the browser used.
  await signOut({ redirect: false });
  redirect("/");
}
