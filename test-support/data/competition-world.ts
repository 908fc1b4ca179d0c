/**
 * Test support: a small world with every kind of actor the authorization rules tell apart, in a real database:
 * a site admin, an organizer of the competition, an organizer of another competition, a member of a team, a
 * member of another team, and a visitor (null). The competition starts as a private draft with the shipped
 * SST-2 task on a cpu-1t track; tests change what they need.
 */
import type { Database } from "../../db/client";
import { competitionOrganizers, siteAdmins, teamMemberships, users } from "../../db/schema";
import { createCompetition, type CompetitionSummary } from "../../lib/data/competitions";
import { ensureShippedTaskRow } from "../../lib/data/tasks";
import { createTrack, type TrackSummary } from "../../lib/data/tracks";
import { insertFixtureTeam } from "../fixture-team";

export interface CompetitionWorld {
  adminId: string;
  organizerId: string;
  otherOrganizerId: string;
  memberId: string;
  otherMemberId: string;
  teamId: string;
  otherTeamId: string;
  competition: CompetitionSummary;
  otherCompetition: CompetitionSummary;
  track: TrackSummary;
}

export type ActorName = "visitor" | "member" | "otherMember" | "organizer" | "otherOrganizer" | "admin";
export const ACTOR_NAMES: readonly ActorName[] = [
  "visitor",
  "member",
  "otherMember",
  "organizer",
  "otherOrganizer",
  "admin",
];

export function actorIdOf(world: CompetitionWorld, actor: ActorName): string | null {
  switch (actor) {
    case "visitor":
      return null;
    case "member":
      return world.memberId;
    case "otherMember":
      return world.otherMemberId;
    case "organizer":
      return world.organizerId;
    case "otherOrganizer":
      return world.otherOrganizerId;
    case "admin":
      return world.adminId;
  }
}

let worldCounter = 0;

export async function createCompetitionWorld(db: Database): Promise<CompetitionWorld> {
  worldCounter += 1;
  const tag = `${worldCounter}-${Math.random().toString(36).slice(2, 8)}`;
  const user = async (name: string) => {
    const [row] = await db
      .insert(users)
      .values({ name, email: `${name}.${tag}@example.com` })
      .returning({ id: users.id });
    return row!.id;
  };
  const adminId = await user("admin");
  await db.insert(siteAdmins).values({ userId: adminId });
  const [organizerId, otherOrganizerId, memberId, otherMemberId] = await Promise.all([
    user("organizer"),
    user("other-organizer"),
    user("member"),
    user("other-member"),
  ]);
  const team = async (slug: string, userId: string) => {
    const row = await insertFixtureTeam(db, { slug: `${slug}-${tag}`, name: slug });
    await db.insert(teamMemberships).values({ teamId: row!.id, userId, role: "owner" });
    return row!.id;
  };
  const teamId = await team("team", memberId!);
  const otherTeamId = await team("other-team", otherMemberId!);
  const competition = await createCompetition(db, adminId, { slug: `watts-${tag}`, title: "Fewest Watts" });
  const otherCompetition = await createCompetition(db, adminId, { slug: `other-${tag}`, title: "Another Contest" });
  await db.insert(competitionOrganizers).values([
    { competitionId: competition.id, userId: organizerId! },
    { competitionId: otherCompetition.id, userId: otherOrganizerId! },
  ]);
  const task = await ensureShippedTaskRow(db, "sst2");
  const track = await createTrack(db, organizerId!, competition.id, {
    title: "SST-2 on one thread",
    taskId: task.id,
    hardwareProfileId: "cpu-1t",
  });
  return {
    adminId,
    organizerId: organizerId!,
    otherOrganizerId: otherOrganizerId!,
    memberId: memberId!,
    otherMemberId: otherMemberId!,
    teamId,
    otherTeamId,
    competition,
    otherCompetition,
    track,
  };
}
