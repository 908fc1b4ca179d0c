/**
 * What a team member does on the site, over plain HTTP (./web-client.ts): sign up, make a team, a token, an
 * invite link, join, remove a member, change the password. Each throws with the page's own words when the site
 * refuses, so a check that fails for an unexpected reason says why.
 */
import { randomBytes } from "node:crypto";
import { type Answer, decodeEntities, pageText, type WebClient } from "./web-client";

export interface Person {
  name: string;
  email: string;
  password: string;
}

export function newPerson(role: string): Person {
  const tag = randomBytes(5).toString("hex");
  return {
    name: `Fair ${role} ${tag}`,
    email: `fair-play-${role}-${tag}@example.com`,
    password: `lantern ${tag} drifts over copper hills`,
  };
}

function refusal(answer: Answer, doing: string): Error {
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//.exec(answer.body)?.[1];
  return new Error(`${doing}: HTTP ${answer.status}${alert ? `, "${pageText(alert).trim()}"` : ""}`);
}

const redirected = (answer: Answer) => answer.status >= 300 && answer.status < 400;

export async function signUp(client: WebClient, person: Person): Promise<void> {
  const answer = await client.submitForm("/signup", "password", {
    name: person.name,
    email: person.email,
    password: person.password,
  });
  if (!redirected(answer)) throw refusal(answer, `sign-up of ${person.email}`);
}

/** Makes a team and returns its slug and id (read from the team page's own forms). */
export async function createTeam(client: WebClient, name: string): Promise<{ slug: string; id: string }> {
  const answer = await client.submitForm("/teams", "Create team", { name });
  const slug = /\/teams\/([a-z0-9-]+)/.exec(String(answer.headers.location ?? ""))?.[1];
  if (!redirected(answer) || !slug) throw refusal(answer, `creating team ${name}`);
  const page = await client.get(`/teams/${slug}`);
  const id = /name="teamId" value="([^"]+)"/.exec(page.body)?.[1];
  if (!id) throw new Error(`no team id on /teams/${slug}`);
  return { slug, id: decodeEntities(id) };
}

export async function createApiToken(client: WebClient, teamSlug: string): Promise<string> {
  const answer = await client.submitForm(`/teams/${teamSlug}/tokens`, "Make a token", {
    name: "fair-play check",
    expiresInDays: "1",
  });
  const token = /jb_[A-Za-z0-9_-]{40,}/.exec(answer.body)?.[0];
  if (!token) throw refusal(answer, "making an API token");
  return token;
}

export async function createOpenInviteLink(client: WebClient, teamSlug: string): Promise<string> {
  const answer = await client.submitForm(`/teams/${teamSlug}`, "Create invite link", {});
  const token = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(answer.body)?.[1];
  if (!token) throw refusal(answer, "making an invite link");
  return token;
}

export async function createAddressedInvite(
  client: WebClient,
  teamSlug: string,
  email: string,
): Promise<string | undefined> {
  const answer = await client.submitForm(`/teams/${teamSlug}`, "Send invite", { email });
  // A site that sends mail shows no link (it went to the mailbox): the caller then checks what it can.
  return /\/invite\/([A-Za-z0-9_-]{20,})/.exec(answer.body)?.[1];
}

/** Tries to join; returns the page's refusal text, or null when the account joined. */
export async function joinTeam(client: WebClient, inviteToken: string): Promise<string | null> {
  const page = await client.get(`/invite/${inviteToken}`);
  if (!page.body.includes("Join team")) {
    const status = /role="(?:status|alert)"[^>]*>([\s\S]*?)<\/(?:p|div)>/.exec(page.body)?.[1];
    return status ? pageText(status).trim() : "the invite page offers no way to join";
  }
  const answer = await client.submitForm(`/invite/${inviteToken}`, "Join team", {});
  if (redirected(answer)) return null;
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//.exec(answer.body)?.[1];
  return alert ? pageText(alert).trim() : `HTTP ${answer.status}`;
}

export async function changePassword(client: WebClient, currentPassword: string, newPassword: string): Promise<string> {
  const answer = await client.submitForm("/account", "currentPassword", { currentPassword, newPassword });
  const text = pageText(answer.body);
  if (!text.includes("Password changed")) throw refusal(answer, "changing the password");
  return text;
}

/**
 * Removes a member as the owner does. The button asks for confirmation first, so its form is not in the page
 * without scripts; this submits the form the confirmed button submits, in the encoding a browser without scripts
 * uses for a stateful form (the `$ACTION_…` fields the page's other forms carry), with the action's id and the
 * member's id read from the page's own payload (the props of its Remove button).
 */
export async function removeMember(client: WebClient, teamSlug: string): Promise<void> {
  const page = await client.get(`/teams/${teamSlug}`);
  // In the page's inline payload: {"action":"$h1c","fields":{"teamId":"…","userId":"…"},"label":"Remove", …}
  // and, on a line of its own, 1c:{"id":"<action id>","bound":null}; quotes are escaped inside the script strings.
  const button =
    /\\"action\\":\\"\$h(\w+)\\",\\"fields\\":\{\\"teamId\\":\\"([0-9a-f-]{36})\\",\\"userId\\":\\"([0-9a-f-]{36})\\"\},\\"label\\":\\"Remove\\"/.exec(
      page.body,
    );
  if (!button) throw new Error(`no Remove button on /teams/${teamSlug}`);
  const [, reference, teamId, memberId] = button;
  const actionId = new RegExp(`(?:\\\\n|^)${reference}:\\{\\\\"id\\\\":\\\\"([0-9a-f]+)\\\\"`).exec(page.body)?.[1];
  if (!actionId) throw new Error(`no action id for the Remove button on /teams/${teamSlug}`);
  await client.postMultipart(`/teams/${teamSlug}`, {
    $ACTION_REF_1: "",
    "$ACTION_1:0": JSON.stringify({ id: actionId, bound: "$@1" }),
    "$ACTION_1:1": JSON.stringify([{ error: null }]),
    teamId: teamId!,
    userId: memberId!,
  });
  const after = await client.get(`/teams/${teamSlug}`);
  if (after.body.includes(memberId!))
    throw new Error(`the member is still listed on /teams/${teamSlug} after removing them`);
}
