/**
 * The checks of `npm run check:fair-play`, one per hole of issue 16 that a visitor can try from outside: each
 * does what a team or an attacker would, over plain HTTP, and says "ok", "hole" (the site let it through) or
 * "skipped" (what it needs is not there, and why).
 */
import { randomBytes } from "node:crypto";
import {
  changePassword,
  createAddressedInvite,
  createApiToken,
  createOpenInviteLink,
  createTeam,
  joinTeam,
  newPerson,
  removeMember,
  signUp,
} from "./site-actions";
import { findForm, pageText, WebClient } from "./web-client";

export type Outcome = "ok" | "hole" | "skipped";
export interface CheckResult {
  item: number;
  outcome: Outcome;
  detail: string;
}

export interface CheckOptions {
  baseUrl: string;
  localAddress?: string;
  /** An open competition the check's throwaway accounts may register for (item 2). */
  competition?: string;
  /** An account with a submission whose evaluation finished (item 1). */
  scoredAccount?: { email: string; password: string; submissionId: string };
  /** Most sign-up attempts item 5 makes while looking for the per-address limit. */
  maxSignUpAttempts: number;
}

const errorCode = (json: Record<string, unknown>) => (json.error as { code?: string } | undefined)?.code ?? "no code";

/** Item 1: a finished evaluation cannot be re-rolled. */
export async function checkResubmitOfScored(options: CheckOptions): Promise<CheckResult> {
  const account = options.scoredAccount;
  if (!account) {
    return {
      item: 1,
      outcome: "skipped",
      detail: "skipped: no finished submission of yours (pass --email, --password and --finished-submission)",
    };
  }
  const client = new WebClient(options.baseUrl, { localAddress: options.localAddress });
  const signIn = await client.submitForm("/signin", "password", { email: account.email, password: account.password });
  if (signIn.status < 300 || signIn.status >= 400)
    throw new Error(`signing in as ${account.email}: HTTP ${signIn.status}`);
  const answer = await client.api("POST", `/api/v1/submissions/${encodeURIComponent(account.submissionId)}/resubmit`);
  if (answer.status === 409 && errorCode(answer.json) === "ALREADY_SCORED") {
    return { item: 1, outcome: "ok", detail: "resubmitting a scored submission is refused (409 ALREADY_SCORED)" };
  }
  return {
    item: 1,
    outcome: "hole",
    detail: `resubmitting a scored submission answered ${answer.status} ${errorCode(answer.json)}: its result can be re-rolled`,
  };
}

/** Item 2: one person, one registered team per competition. */
export async function checkOneTeamPerPerson(options: CheckOptions): Promise<CheckResult> {
  if (!options.competition)
    return { item: 2, outcome: "skipped", detail: "skipped: no open competition given (--competition <slug>)" };
  const client = new WebClient(options.baseUrl, { localAddress: options.localAddress });
  await signUp(client, newPerson("twoteams"));
  const path = `/api/v1/competitions/${encodeURIComponent(options.competition)}/registrations`;
  const answers = [];
  for (const name of ["First", "Second"]) {
    const team = await createTeam(client, `Fair play ${name} ${randomBytes(3).toString("hex")}`);
    answers.push(await client.api("POST", path, { teamId: team.id, acceptRules: true }));
  }
  const [first, second] = answers;
  if (first!.status !== 200) throw new Error(`registering the first team: ${first!.status} ${errorCode(first!.json)}`);
  if (second!.status === 409 && errorCode(second!.json) === "ONE_TEAM_PER_PERSON") {
    return {
      item: 2,
      outcome: "ok",
      detail: "a second team of a registered person is refused (409 ONE_TEAM_PER_PERSON)",
    };
  }
  return {
    item: 2,
    outcome: "hole",
    detail: `a second team of the same person registered: ${second!.status} ${errorCode(second!.json)} (a second quota)`,
  };
}

/**
 * Item 5: a made-up X-Forwarded-For neither gets a fresh throttle bucket nor fills another address's. Sign-up
 * attempts with an empty form cost the site nothing but are counted per address; the check sends them under one
 * made-up address until the site refuses, then one more under another made-up address. A site that believes the
 * header lets that one through (a fresh bucket per value, and the first address's bucket filled by us).
 */
export async function checkSpoofedForwardedFor(options: CheckOptions): Promise<CheckResult> {
  const client = new WebClient(options.baseUrl, { localAddress: options.localAddress });
  const page = await client.get("/signup");
  const form = findForm(page.body, "password");
  if (!form) throw new Error(`no sign-up form on /signup (HTTP ${page.status})`);
  const fields = { ...form.fields, name: "", email: "", password: "" };
  const madeUp = () => `198.51.100.${1 + Math.floor(Math.random() * 254)}`;
  const refused = async (forwardedFor: string) =>
    pageText((await client.postMultipart("/signup", fields, { "x-forwarded-for": forwardedFor })).body).includes(
      "Too many attempts",
    );

  const victim = madeUp();
  let attempts = 0;
  let limitReached = false;
  const parallel = 8;
  while (!limitReached && attempts < options.maxSignUpAttempts) {
    const batch = await Promise.all(Array.from({ length: parallel }, () => refused(victim)));
    attempts += parallel;
    limitReached = batch.some(Boolean);
  }
  if (!limitReached) {
    return { item: 5, outcome: "hole", detail: `no per-address sign-up limit within ${attempts} attempts` };
  }
  let other = madeUp();
  while (other === victim) other = madeUp();
  if (await refused(other)) {
    return {
      item: 5,
      outcome: "ok",
      detail: `made-up X-Forwarded-For ignored: after ${attempts} attempts every value shares the sender's bucket`,
    };
  }
  return {
    item: 5,
    outcome: "hole",
    detail: `X-Forwarded-For ${other} got a fresh bucket after ${attempts} attempts filled ${victim}'s: a client picks its own throttle bucket`,
  };
}

/** Item 6: a password change revokes the API tokens made before it. */
export async function checkTokensAfterPasswordChange(options: CheckOptions): Promise<CheckResult> {
  const client = new WebClient(options.baseUrl, { localAddress: options.localAddress });
  const person = newPerson("tokens");
  await signUp(client, person);
  const team = await createTeam(client, `Fair play tokens ${randomBytes(3).toString("hex")}`);
  const token = await createApiToken(client, team.slug);
  const anonymous = new WebClient(options.baseUrl, { localAddress: options.localAddress });
  const withToken = () => anonymous.api("GET", "/api/v1/submissions", undefined, { authorization: `Bearer ${token}` });
  const before = await withToken();
  if (before.status !== 200) throw new Error(`the new token did not work: ${before.status} ${errorCode(before.json)}`);
  await changePassword(client, person.password, `${person.password} changed`);
  const after = await withToken();
  if (after.status === 401)
    return {
      item: 6,
      outcome: "ok",
      detail: `a token made before a password change answers 401 ${errorCode(after.json)}`,
    };
  return { item: 6, outcome: "hole", detail: `a token made before a password change still answers ${after.status}` };
}

/** Item 7: after a removal, a fresh account cannot walk in through an old open link or the removed address's invite. */
export async function checkRemovedMemberRejoin(options: CheckOptions): Promise<CheckResult> {
  const connect = () => new WebClient(options.baseUrl, { localAddress: options.localAddress });
  const owner = connect();
  await signUp(owner, newPerson("owner"));
  const team = await createTeam(owner, `Fair play door ${randomBytes(3).toString("hex")}`);
  const link = await createOpenInviteLink(owner, team.slug);
  const member = connect();
  const memberPerson = newPerson("member");
  await signUp(member, memberPerson);
  const joined = await joinTeam(member, link);
  if (joined !== null) throw new Error(`the member could not join before the removal: ${joined}`);
  const addressed = await createAddressedInvite(owner, team.slug, memberPerson.email);
  await removeMember(owner, team.slug);

  const newcomer = connect();
  await signUp(newcomer, newPerson("rejoin"));
  const refusal = await joinTeam(newcomer, link);
  if (refusal === null)
    return {
      item: 7,
      outcome: "hole",
      detail: "a fresh account joined through an open link made before a member's removal",
    };
  if (addressed) {
    const invitePage = pageText((await member.get(`/invite/${addressed}`)).body);
    if (!/revoked|no longer/i.test(invitePage)) {
      return {
        item: 7,
        outcome: "hole",
        detail: "an invite addressed to the removed member still works after the removal",
      };
    }
  }
  const addressedNote = addressed
    ? " and the invite addressed to the removed member is revoked"
    : " (the site mails addressed invites, so that part is not visible from outside)";
  return {
    item: 7,
    outcome: "ok",
    detail: `an open link made before a removal refuses a fresh account ("${refusal.slice(0, 80)}")${addressedNote}`,
  };
}
