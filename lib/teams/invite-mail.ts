/**
 * The email that carries a team invite. Plain text only: the link must survive every mail client, and it sits
 * alone on its line so that no client glues punctuation onto it.
 */
import type { OutgoingMail } from "../mail/mailer";
import { siteUrl } from "../env";

export interface InviteMailInput {
  to: string;
  teamName: string;
  /** Who sent it, as the recipient would recognise them: a name, else an email address. */
  inviterName: string;
  /** `/invite/<token>`, as returned by createInvite. */
  path: string;
  expiresAt: Date;
}

/** The absolute link to an invite page. */
export function inviteUrl(path: string, baseUrl: string = siteUrl()): string {
  return `${baseUrl}${path}`;
}

export function buildInviteMail(input: InviteMailInput, baseUrl: string = siteUrl()): OutgoingMail {
  const link = inviteUrl(input.path, baseUrl);
  // UTC with the zone spelled out: the server cannot know the recipient's time zone.
  const expires = `${input.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return {
    to: input.to,
    subject: `${input.inviterName} invited you to join ${input.teamName} on Joulebench`,
    text: [
      `${input.inviterName} invited you to join the team "${input.teamName}" on Joulebench.`,
      "",
      "Open this link to join:",
      "",
      link,
      "",
      `The link works until ${expires}. If you don't have an account yet, you can create one from there.`,
      "",
      "If you weren't expecting this invite, you can ignore this email.",
    ].join("\n"),
  };
}
