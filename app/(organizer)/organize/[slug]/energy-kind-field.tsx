import { rankedEnergyKinds, type RankedEnergyKind } from "@/db/schema";
import { resultEnergyKind, type HardwareProfile } from "@/lib/profiles/hardware-profiles";
import { selectClassName } from "@/app/components/form-fields";

const LABELS: Record<RankedEnergyKind, string> = {
  estimated: "Estimated (the profile's energy model, CodeCarbon's method)",
  measured: "Measured (RAPL and NVML meters)",
};

/** Which profiles measure, in words, so an organizer does not pick a kind that the track's runners never produce. */
function whereMeasured(profiles: readonly HardwareProfile[]): string {
  const [only] = profiles;
  if (profiles.length === 1 && only) return `Results on ${only.id} are ${resultEnergyKind(only)}.`;
  const measured = profiles.filter((profile) => resultEnergyKind(profile) === "measured").map((profile) => profile.id);
  return measured.length === 0
    ? "Every profile here gives estimated results."
    : `Measured results come from ${measured.join(", ")} only.`;
}

/** The energy a track's board ranks (lib/data/tracks.ts validates it); entries of the other kind are listed unranked. */
export function RankedEnergyKindField({
  id,
  profiles,
  defaultValue = "estimated",
  label = "Ranked energy",
}: {
  id: string;
  profiles: readonly HardwareProfile[];
  defaultValue?: RankedEnergyKind;
  /** Distinct on a page with two track forms, so each field has a name of its own. */
  label?: string;
}) {
  const hintId = `${id}-hint`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name="rankedEnergyKind"
        defaultValue={defaultValue}
        aria-describedby={hintId}
        className={selectClassName}
      >
        {rankedEnergyKinds.map((kind) => (
          <option key={kind} value={kind}>
            {LABELS[kind]}
          </option>
        ))}
      </select>
      <p id={hintId} className="text-xs text-stone-600 dark:text-stone-400">
        The board ranks only this kind; entries of the other are listed unranked. {whereMeasured(profiles)}
      </p>
    </div>
  );
}
