/** The energy method as a badge: a measured joule and an estimated joule are not the same kind of number. */
import { energyKindOf, type EnergyKind } from "@/lib/ranking/types";

export function EnergyBadge({ method, kind: statedKind }: { method: string | null; kind?: EnergyKind | null }) {
  const kind = statedKind ?? energyKindOf(method);
  if (kind === null) return null;
  const measured = kind === "measured";
  return (
    <span
      className={`ml-1 inline-block rounded px-1 text-[10px] font-semibold uppercase tracking-wide ${
        measured
          ? "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100"
          : "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
      }`}
      title={
        measured
          ? `Measured with a hardware counter (${method})`
          : `Estimated from CPU time and a power model (${method})`
      }
    >
      {measured ? "measured" : "estimated"}
    </span>
  );
}
