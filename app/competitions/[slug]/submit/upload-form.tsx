"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type DragEvent, type FormEvent } from "react";
import { FormError, inputClassName, primaryButtonClassName } from "@/app/components/form-fields";
import { formatBinaryBytes as formatSize } from "@/lib/format/binary-bytes";
import { checkFileBeforeUpload } from "./upload-checks";
import { uploadSubmission } from "./upload-request";
import { DisclosureFields, readDisclosures } from "./disclosure-fields";

export interface UploadFormProps {
  slug: string;
  maxBundleBytes: number;
  teams: { teamId: string; teamName: string }[];
  /** runnerOnline: whether a live runner serves the track's profile now; without one a submission waits in the queue. */
  tracks: { id: string; title: string; taskTitle: string; hardwareProfileId: string; runnerOnline: boolean }[];
}

export function UploadForm({ slug, maxBundleBytes, teams, tracks }: UploadFormProps) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Why the last chosen file was refused: Submit repeats it rather than a generic "choose a file".
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "checking">("idle");
  const errorId = useId();

  async function choose(candidate: File | undefined) {
    setError(null);
    if (!candidate) return;
    const problem = await checkFileBeforeUpload(candidate, maxBundleBytes);
    setFileProblem(problem);
    if (problem) {
      setFile(null);
      setError(problem);
      return;
    }
    setFile(candidate);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void choose(event.dataTransfer.files[0]);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (!file) return setError(fileProblem ?? "Choose or drop your bundle first.");
    const data = new FormData(event.currentTarget);
    const trackIds = data.getAll("trackIds").map(String);
    if (trackIds.length === 0) return setError("Pick at least one track.");
    let disclosures: Record<string, unknown>;
    try {
      disclosures = await readDisclosures(data);
    } catch (problem) {
      return setError((problem as Error).message);
    }
    const metadata = {
      teamId: String(data.get("teamId")),
      name: String(data.get("name") ?? ""),
      trackIds,
      disclosures,
    };
    setPhase("uploading");
    setProgress({ sent: 0, total: file.size });
    try {
      const upload = uploadSubmission(slug, metadata, file, (sent, total) => {
        setProgress({ sent, total });
        if (sent >= total) setPhase("checking");
      });
      const answer = await upload.done;
      const first = answer.body.submissions?.[0];
      if (answer.status === 201 && first) {
        router.push(first.url);
        return;
      }
      const failure = answer.body.error;
      const details = failure?.details?.length ? ` (${failure.details.join("; ")})` : "";
      setError(failure ? `${failure.message}${details} [${failure.code}]` : `The upload failed (${answer.status}).`);
    } catch (problem) {
      setError((problem as Error).message);
    }
    setPhase("idle");
    setProgress(null);
  }

  const percent = progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      className="max-w-2xl space-y-6"
      aria-describedby={error ? errorId : undefined}
    >
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
        className={`rounded border-2 border-dashed p-6 text-center ${dragging ? "border-leaf-600 bg-leaf-50 dark:bg-leaf-900" : "border-stone-400"}`}
      >
        <p className="mb-2">Drop your bundle (.zip) or model (.onnx) here, or</p>
        <label className="inline-block cursor-pointer rounded border border-stone-500 bg-white dark:bg-stone-900 px-3 py-1 text-sm hover:bg-stone-100 dark:hover:bg-stone-800">
          choose a file
          <input
            type="file"
            name="bundleFile"
            accept=".zip,.onnx"
            className="sr-only"
            onChange={(event) => void choose(event.target.files?.[0])}
          />
        </label>
        <p className="mt-2 text-sm text-stone-700 dark:text-stone-300">
          {file ? `Selected: ${file.name} (${formatSize(file.size)})` : `Up to ${formatSize(maxBundleBytes)}.`}
        </p>
      </div>

      <div className="space-y-1">
        <label htmlFor="name" className="block text-sm font-medium">
          Submission name <span className="font-normal text-stone-700 dark:text-stone-300">(required)</span>
        </label>
        <input id="name" name="name" required maxLength={100} className={inputClassName} aria-describedby="name-hint" />
        <p id="name-hint" className="text-sm text-stone-700 dark:text-stone-300">
          Shown on the board; for example <code>distilled-int8-v2</code>.
        </p>
      </div>

      <div className="space-y-1">
        <label htmlFor="teamId" className="block text-sm font-medium">
          Team
        </label>
        <select id="teamId" name="teamId" className={inputClassName}>
          {teams.map((team) => (
            <option key={team.teamId} value={team.teamId}>
              {team.teamName}
            </option>
          ))}
        </select>
      </div>

      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">
          Tracks (one submission per track; each uses that track&apos;s quota)
        </legend>
        {tracks.map((track, index) => (
          <label key={track.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="trackIds"
              value={track.id}
              defaultChecked={index === 0}
              aria-describedby={track.runnerOnline ? undefined : `no-runner-${track.id}`}
            />
            <span>
              {track.title} — {track.taskTitle} on {track.hardwareProfileId}
              {track.runnerOnline ? null : (
                <span
                  id={`no-runner-${track.id}`}
                  className="ml-1 text-amber-800 dark:text-amber-200"
                  data-testid="no-runner-warning"
                >
                  — no runner serves this track right now: a submission waits in the queue until one starts
                </span>
              )}
            </span>
          </label>
        ))}
      </fieldset>

      <DisclosureFields />

      <FormError message={error} id={errorId} />

      {progress ? (
        <div className="space-y-1" data-testid="upload-progress">
          <progress max={100} value={percent} aria-label="Upload progress" className="w-full" />
          <p className="text-sm" role="status">
            {phase === "checking"
              ? "Uploaded. Checking the bundle with the runner's validator…"
              : `Uploading… ${percent}% (${formatSize(progress.sent)} of ${formatSize(progress.total)})`}
          </p>
        </div>
      ) : null}

      <button type="submit" className={primaryButtonClassName} disabled={phase !== "idle"}>
        {phase === "idle" ? "Submit" : "Submitting…"}
      </button>
    </form>
  );
}
