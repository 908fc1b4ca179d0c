import cliProgress from "cli-progress";

/** The CLI's progress bar on stderr, so --json's stdout stays one clean object. */
export function createProgressBar(stream: NodeJS.WriteStream) {
  const bar = new cliProgress.SingleBar(
    { stream, format: " {bar} {percentage}% | {stage}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { stage: "starting" });
  return {
    update(fraction: number, stage: string) {
      bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * 100), { stage });
    },
    finish() {
      bar.stop();
    },
  };
}
