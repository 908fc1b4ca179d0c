"use server";

import { redirect } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { addOrganizer, createCompetition, removeOrganizer, updateCompetition } from "@/lib/data/competitions";
import { toActionResult } from "@/lib/errors";
import { field, formResult } from "./form-result";
import type { FormState } from "./form-state";

const MIB = 1024 * 1024;

export async function createCompetitionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser("/organize");
  const result = await toActionResult(() =>
    createCompetition(getDatabase(), user.id, { slug: field(formData, "slug"), title: field(formData, "title") }),
  );
  if (!result.ok) return { error: result.message, notice: null };
  redirect(`/organize/${result.value.slug}`);
}

export async function updateCompetitionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  const maxBundleMib = field(formData, "maxBundleMib").trim();
  return formResult(async () => {
    await updateCompetition(getDatabase(), user.id, field(formData, "competitionId"), {
      title: field(formData, "title"),
      overviewMarkdown: field(formData, "overviewMarkdown"),
      rulesMarkdown: field(formData, "rulesMarkdown"),
      visibility: field(formData, "visibility") as "public",
      status: field(formData, "status") as "open",
      maxBundleBytes: maxBundleMib === "" ? null : Math.round(Number(maxBundleMib) * MIB),
      // An unticked checkbox is absent from the form.
      oneTeamPerPerson: field(formData, "oneTeamPerPerson") === "on",
    });
    return "Saved.";
  }, `/organize/${slug}`);
}

export async function addOrganizerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    const added = await addOrganizer(
      getDatabase(),
      user.id,
      field(formData, "competitionId"),
      field(formData, "email"),
    );
    return `${added.email ?? "They"} can now organize this competition.`;
  }, `/organize/${slug}`);
}

export async function removeOrganizerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    await removeOrganizer(getDatabase(), user.id, field(formData, "competitionId"), field(formData, "userId"));
    return "Removed.";
  }, `/organize/${slug}`);
}
