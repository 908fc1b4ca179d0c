/**
 * `--track` as a person types it: a track's id, its hardware profile (`cpu-1t`) or its title, matched against the
 * competition's tracks. A profile or title shared by several tracks is ambiguous: the caller lists the candidates
 * rather than guessing.
 */
export interface TrackChoice {
  id: string;
  title: string;
  hardwareProfileId: string;
}

export type TrackResolution = { ok: true; track: TrackChoice } | { ok: false; message: string };

export function resolveTrackReference(tracks: readonly TrackChoice[], reference: string): TrackResolution {
  const byId = tracks.find((track) => track.id === reference);
  if (byId) return { ok: true, track: byId };
  const wanted = reference.trim().toLowerCase();
  for (const key of ["hardwareProfileId", "title"] as const) {
    const matches = tracks.filter((track) => track[key].toLowerCase() === wanted);
    if (matches.length === 1) return { ok: true, track: matches[0]! };
    if (matches.length > 1) {
      const listed = matches.map((track) => `${track.id} (${track.title})`).join(", ");
      return { ok: false, message: `"${reference}" names ${matches.length} tracks: ${listed}. Pass the track's id.` };
    }
  }
  const known = tracks.map((track) => `${track.hardwareProfileId} "${track.title}" ${track.id}`).join("; ");
  return { ok: false, message: `No track "${reference}" in this competition. Its tracks: ${known || "none"}.` };
}
