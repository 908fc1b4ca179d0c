"use client";

import { useActionState } from "react";
import { FormError, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { createInviteAction, type InviteState } from "./actions";
import { CopyButton } from "./copy-button";

const buttonBase = "rounded px-4 py-2 font-medium disabled:cursor-wait disabled:opacity-60";
const sendButton = `${buttonBase} bg-leaf-600 text-white hover:bg-leaf-700`;
const linkButton = `${buttonBase} border border-stone-500 bg-white dark:bg-stone-900 hover:bg-stone-100 dark:hover:bg-stone-800`;

const initialState: InviteState = { error: null, values: { email: "" }, invite: null };

/**
 * "Send invite" and "Create invite link" share one action state, so the page shows one link at a time: the
 * latest one. The link is shown even when it was emailed, because only its hash is stored and it cannot be
 * shown again later.
 */
export function InvitePanel({ teamId }: { teamId: string }) {
  const [state, formAction, pending] = useActionState(createInviteAction, initialState);
  useFocusOnError(state, state.error, "invitee-email");
  return (
    <div className="space-y-4">
      <FormError id="invite-error" message={state.error} />
      <form action={formAction} noValidate className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="teamId" value={teamId} />
        <input type="hidden" name="kind" value="email" />
        <div className="min-w-0 flex-1 basis-64">
          <TextField
            id="invitee-email"
            name="email"
            type="email"
            label="Invitee email"
            autoComplete="off"
            required
            defaultValue={state.values.email}
            error={state.error}
            errorId="invite-error"
          />
        </div>
        <button type="submit" disabled={pending} aria-busy={pending} className={sendButton}>
          Send invite
        </button>
      </form>
      <form action={formAction} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="teamId" value={teamId} />
        <input type="hidden" name="kind" value="link" />
        <button type="submit" disabled={pending} aria-busy={pending} className={linkButton}>
          Create invite link
        </button>
        <span className="text-sm text-stone-700 dark:text-stone-300">
          Anyone with the link can join until it expires or you revoke it.
        </span>
      </form>
      {state.invite ? <CreatedInvite invite={state.invite} /> : null}
    </div>
  );
}

function CreatedInvite({ invite }: { invite: NonNullable<InviteState["invite"]> }) {
  return (
    <div
      className="space-y-2 rounded border border-leaf-600/30 dark:border-leaf-300/40 bg-leaf-50 dark:bg-leaf-900 p-4 text-sm"
      data-testid="invite-result"
    >
      <p data-testid="invite-mail-note">{mailNote(invite)}</p>
      <p
        id="created-invite-link"
        className="break-all rounded bg-white dark:bg-stone-900 px-3 py-2 font-mono select-all"
        data-testid="invite-link"
      >
        {invite.url}
      </p>
      <CopyButton text={invite.url} targetId="created-invite-link" />
      <p className="text-stone-700 dark:text-stone-300">
        Valid until {invite.expiresAt.slice(0, 16).replace("T", " ")} UTC. Copy it now: it is not shown again.
      </p>
    </div>
  );
}

function mailNote(invite: NonNullable<InviteState["invite"]>): string {
  if (!invite.email) return "Invite link created. Anyone with this link can join the team:";
  if (invite.mail === "sent") return `Invite emailed to ${invite.email}. You can also send them this link:`;
  if (invite.mail === "failed") {
    return `The invite email to ${invite.email} could not be sent. Send them this link yourself:`;
  }
  return `Email is not set up on this server, so no email was sent. Send ${invite.email} this link yourself:`;
}
