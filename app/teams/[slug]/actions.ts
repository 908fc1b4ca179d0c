"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { readEnvironment } from "@/lib/env";
import { toActionResult, type ActionResult } from "@/lib/errors";
import { sendMail } from "@/lib/mail/mailer";
import { createInvite, revokeInvite } from "@/lib/data/team-invites";
import { leaveTeam, removeMember, renameTeam, transferOwnership } from "@/lib/data/teams";
import { buildInviteMail, inviteUrl } from "@/lib/teams/invite-mail";

/** What the small one-button forms (Remove, Make owner, Revoke, Leave team) get back. */
export interface ButtonState {
  error: string | null;
}

export interface InviteState {
  error: string | null;
  values: { email: string };
  invite: {
    url: string;
    email: string | null;
    /** "sent": emailed; "not-configured": no SMTP_URL; "failed": the SMTP server refused (details in the log). */
    mail: "sent" | "not-configured" | "failed" | null;
    expiresAt: string;
  } | null;
}

// Ids arrive from hidden fields anyone can edit; lib/data authorizes every one of them against the actor.
const id = z.string().catch("");
const teamForm = z.object({ teamId: id });
const memberForm = z.object({ teamId: id, userId: id });
const inviteIdForm = z.object({ inviteId: id });
const inviteForm = z.object({ teamId: id, kind: z.enum(["email", "link"]).catch("link"), email: z.string().catch("") });

// Every team page shows members and invites; refreshing the one in view is all that is needed.
const refreshTeamPages = () => revalidatePath("/teams/[slug]", "page");

function buttonState(result: ActionResult<unknown>): ButtonState {
  return { error: result.ok ? null : result.message };
}

export async function leaveTeamAction(_previous: ButtonState, formData: FormData): Promise<ButtonState> {
  const user = await requireUser("/teams");
  const { teamId } = teamForm.parse(Object.fromEntries(formData));
  const result = await toActionResult(() => leaveTeam(getDatabase(), user.id, teamId));
  if (!result.ok) return buttonState(result);
  revalidatePath("/teams");
  redirect("/teams");
}

export async function removeMemberAction(_previous: ButtonState, formData: FormData): Promise<ButtonState> {
  const user = await requireUser("/teams");
  const { teamId, userId } = memberForm.parse(Object.fromEntries(formData));
  const result = await toActionResult(() => removeMember(getDatabase(), user.id, teamId, userId));
  refreshTeamPages();
  return buttonState(result);
}

export async function transferOwnershipAction(_previous: ButtonState, formData: FormData): Promise<ButtonState> {
  const user = await requireUser("/teams");
  const { teamId, userId } = memberForm.parse(Object.fromEntries(formData));
  const result = await toActionResult(() => transferOwnership(getDatabase(), user.id, teamId, userId));
  refreshTeamPages();
  return buttonState(result);
}

export async function revokeInviteAction(_previous: ButtonState, formData: FormData): Promise<ButtonState> {
  const user = await requireUser("/teams");
  const { inviteId } = inviteIdForm.parse(Object.fromEntries(formData));
  const result = await toActionResult(() => revokeInvite(getDatabase(), user.id, inviteId));
  refreshTeamPages();
  return buttonState(result);
}

export interface RenameTeamState {
  status: "idle" | "saved" | "error";
  message: string | null;
  name: string;
}

const renameForm = z.object({ teamId: id, name: z.string().catch("") });

export async function renameTeamAction(_previous: RenameTeamState, formData: FormData): Promise<RenameTeamState> {
  const user = await requireUser("/teams");
  const form = renameForm.parse(Object.fromEntries(formData));
  const result = await toActionResult(() => renameTeam(getDatabase(), user.id, form.teamId, { name: form.name }));
  if (!result.ok) return { status: "error", message: result.message, name: form.name };
  refreshTeamPages();
  revalidatePath("/teams");
  return { status: "saved", message: "Saved. The team's address stays the same.", name: result.value.name };
}

/** "Send invite" (kind=email) and "Create invite link" (kind=link). The link is always shown to the owner. */
export async function createInviteAction(_previous: InviteState, formData: FormData): Promise<InviteState> {
  const user = await requireUser("/teams");
  const form = inviteForm.parse(Object.fromEntries(formData));
  const email = form.kind === "email" ? form.email : "";
  if (form.kind === "email" && email.trim() === "") {
    return { error: "Enter the email address of the person to invite.", values: { email }, invite: null };
  }
  const result = await toActionResult(() => createInvite(getDatabase(), user.id, form.teamId, { email }));
  if (!result.ok) return { error: result.message, values: { email }, invite: null };
  const invite = result.value;

  let mail: NonNullable<InviteState["invite"]>["mail"] = null;
  if (invite.email) {
    const env = readEnvironment();
    const message = buildInviteMail({
      to: invite.email,
      teamName: invite.teamName,
      inviterName: user.name ?? user.email ?? "A Joulebench user",
      path: invite.path,
      expiresAt: invite.expiresAt,
    });
    try {
      mail = (await sendMail(message, { smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM })) ? "sent" : "not-configured";
    } catch (error) {
      // The invite exists and its link is on screen; a mail failure must not hide it.
      console.error("Sending a team invite email failed", error);
      mail = "failed";
    }
  }
  refreshTeamPages();
  return {
    error: null,
    values: { email: "" },
    invite: { url: inviteUrl(invite.path), email: invite.email, mail, expiresAt: invite.expiresAt.toISOString() },
  };
}
