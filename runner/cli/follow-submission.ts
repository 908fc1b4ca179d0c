/**
 * Follows a submission's evaluation until it ends: each new event on the timeline printed as it happens, a
 * progress bar while it measures, the results or the failure at the end. Polls once a second (as the page does).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { ENERGY_DISPLAY_BASIS, formatEnergyPerThousand } from "../../lib/format/energy-display";
import { metricTitle } from "../../lib/format/metric-names";
import { formatMetricValue, inMetricOrder } from "../../lib/format/metric-value";
import { formatSi } from "../../lib/format/si-quantity";
import { apiGet } from "./api-client";
import type { SubmissionJson } from "./api-types";
import type { Credentials } from "./credentials";
import { createProgressBar } from "./progress-bar";

export type { SubmissionJson };

const POLL_INTERVAL_MS = 1000;
const TERMINAL = ["finished", "failed", "cancelled"];

export async function followSubmission(
  credentials: Credentials,
  id: string,
  options: { json: boolean },
): Promise<SubmissionJson> {
  const bar = options.json || !process.stderr.isTTY ? null : createProgressBar(process.stderr);
  let printedEvents = 0;
  let warnedNoRunner = false;
  for (;;) {
    const view = await apiGet<SubmissionJson>(credentials, `/submissions/${encodeURIComponent(id)}`);
    if (!options.json) {
      for (const event of view.events.slice(printedEvents)) {
        bar?.finish();
        process.stderr.write(`${event.at}  ${event.state}${event.message ? `  ${event.message}` : ""}\n`);
      }
      printedEvents = view.events.length;
      if (view.waitingForRunner && !warnedNoRunner) {
        process.stderr.write(
          `No runner serving ${view.track.hardwareProfileId} is online; the submission waits in the queue.\n`,
        );
        warnedNoRunner = true;
      }
      const stage = view.evaluation?.state ?? view.state;
      bar?.update(
        view.evaluation?.progress ?? 0,
        view.evaluation?.progressDetail ? `${stage}: ${view.evaluation.progressDetail}` : stage,
      );
    }
    if (!view.evaluation || TERMINAL.includes(view.evaluation.state)) {
      bar?.finish();
      if (options.json) process.stdout.write(`${JSON.stringify(view)}\n`);
      else printSubmission(view, process.stdout);
      return view;
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

export function printSubmission(view: SubmissionJson, out: NodeJS.WritableStream): void {
  const evaluation = view.evaluation;
  out.write(
    `${view.name} (${view.id}) on ${view.track.title} [${view.track.hardwareProfileId}]: ${evaluation?.state ?? view.state}\n`,
  );
  if (evaluation?.state === "failed") out.write(`  ${evaluation.errorCode}: ${evaluation.errorMessage}\n`);
  for (const result of view.results) {
    out.write(`  ${result.split}: ${describeResult(result)}\n`);
  }
  if (view.privateResultsHidden) out.write("  private-split results stay hidden until the competition reveals them\n");
}

/** One split's figures as people read them everywhere else: quality in percent, energy in Wh per 1,000 inferences with an SI prefix. */
export function describeResult(result: SubmissionJson["results"][number]): string {
  const metrics = inMetricOrder(Object.keys(result.metrics))
    .map((name) => `${metricTitle(name)} ${formatMetricValue(name, result.metrics[name])}`)
    .join(", ");
  const energy =
    result.energyJoulesPerInference === null
      ? "energy not measured"
      : `${formatEnergyPerThousand(result.energyJoulesPerInference)} ${ENERGY_DISPLAY_BASIS}${result.energyMethod ? ` (${result.energyMethod})` : ""}`;
  const latency = result.latencyP50Ms === null ? "" : `, p50 ${formatSi(result.latencyP50Ms / 1000, "s")}`;
  return `${metrics}${latency}, ${energy}${result.noisy ? " (noisy)" : ""}`;
}
