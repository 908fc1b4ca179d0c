/**
 * The energy unit family every page, chart, badge, CLI line and export's human column uses: watt-hours per 1,000
 * inferences, scaled with an SI prefix (µWh, mWh, Wh per 1,000). Results store joules per inference (SI); this is
 * the one place that converts.
 */
import { formatSi, type SiFormatOptions } from "./si-quantity";

export const JOULES_PER_WATT_HOUR = 3600;
export const ENERGY_DISPLAY_UNIT = "Wh";
export const ENERGY_DISPLAY_BASIS = "per 1,000 inferences";

/** Joules per inference to watt-hours per 1,000 inferences. */
export function whPerThousandFromJoulesPerInference(joulesPerInference: number): number {
  return (joulesPerInference * 1000) / JOULES_PER_WATT_HOUR;
}

/** "15.4 µWh" for 5.54e-5 J per inference; the caller says "per 1,000 inferences" once, in the header or label. */
export function formatEnergyPerThousand(
  joulesPerInference: number | null | undefined,
  options: SiFormatOptions = {},
): string {
  const wh =
    joulesPerInference === null || joulesPerInference === undefined
      ? joulesPerInference
      : whPerThousandFromJoulesPerInference(joulesPerInference);
  return formatSi(wh, ENERGY_DISPLAY_UNIT, options);
}
