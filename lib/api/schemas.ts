/**
 * API v1's request and response shapes, as zod schemas: the route handlers validate with them and
 * ./openapi.ts builds /api/v1/openapi.json from the very same objects, so the document cannot drift from what
 * the server accepts.
 */
import { z } from "zod";
import "zod-openapi";
import { registrationInputSchema } from "../data/registrations";
import { submissionInputSchema } from "../data/submissions";

export const errorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: "Stable code to match on (lib/errors.ts), e.g. QUOTA_EXCEEDED, BUNDLE_REJECTED." }),
      message: z.string().meta({ description: "What happened and what to do, for a person." }),
      reason: z
        .string()
        .optional()
        .meta({ description: "For BUNDLE_REJECTED: the validator's own code (e.g. MANIFEST_MISMATCH, TOO_LARGE)." }),
      details: z
        .array(z.string())
        .optional()
        .meta({ description: "Every individual problem, when there are several." }),
    }),
  })
  .meta({ id: "Error" });

/** With a token the team is the token's; a signed-in browser names it. */
export const registrationRequestSchema = registrationInputSchema
  .partial({ teamId: true })
  .meta({ id: "RegistrationRequest" });
export const registrationSchema = z
  .object({ teamId: z.string(), teamSlug: z.string(), teamName: z.string(), registeredAt: z.iso.datetime() })
  .meta({ id: "Registration" });

export const submissionMetadataSchema = submissionInputSchema.partial({ teamId: true }).meta({
  id: "SubmissionMetadata",
  description: "Sent as the multipart field `metadata` (JSON), before the `bundle` file part.",
});
export const submissionUploadSchema = z
  .object({
    metadata: submissionMetadataSchema,
    bundle: z.string().meta({ format: "binary", description: "The .zip bundle or bare .onnx model." }),
  })
  .meta({ id: "SubmissionUpload" });
export const submitResponseSchema = z
  .object({
    uploadGroupId: z.string(),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    submissions: z.array(z.object({ id: z.string(), trackId: z.string(), evaluationId: z.string(), url: z.string() })),
  })
  .meta({ id: "SubmitResponse" });

export const submissionSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.string(),
    createdAt: z.iso.datetime(),
    trackTitle: z.string(),
    competitionSlug: z.string(),
    teamName: z.string(),
    evaluationState: z.string().nullable(),
    progress: z.number().nullable(),
  })
  .meta({ id: "SubmissionSummary" });

export const eventSchema = z
  .object({
    evaluationId: z.string(),
    state: z.string(),
    attempt: z.number().int(),
    message: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: "EvaluationEvent" });

export const resultSchema = z
  .object({
    split: z.string().meta({
      description:
        "public, private (once revealed to you) or an out-of-domain set; on a multi-task track, each task's own as task:<slug>:<split> beside the benchmark's public and private",
    }),
    examples: z.number().int(),
    metrics: z.record(z.string(), z.number()),
    latencyP50Ms: z.number().nullable(),
    latencyP99Ms: z.number().nullable(),
    energyWhPerThousand: z.number().nullable(),
    energyJoulesPerInference: z.number().nullable(),
    energyMethod: z.string().nullable(),
    peakRssBytes: z.number().nullable(),
    noisy: z.boolean(),
    noisyReasons: z
      .array(z.string())
      .meta({ description: "Why the measurement is marked noisy, in words; empty when it is not." }),
  })
  .meta({ id: "Result" });

export const submissionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.string(),
    createdAt: z.iso.datetime(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    team: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    competition: z.object({ slug: z.string(), title: z.string() }),
    track: z.object({ id: z.string(), title: z.string(), hardwareProfileId: z.string() }),
    evaluation: z
      .object({
        id: z.string(),
        state: z.string(),
        progress: z.number().meta({ description: "Fraction done, 0 to 1; never goes back within an attempt." }),
        progressDetail: z.string().nullable().meta({ description: "What the runner is doing now, in words." }),
        attempts: z.number().int(),
        errorCode: z.string().nullable(),
        errorMessage: z.string().nullable(),
        startedAt: z.iso.datetime().nullable(),
        finishedAt: z.iso.datetime().nullable(),
      })
      .nullable(),
    events: z.array(eventSchema),
    results: z.array(resultSchema),
    privateResultsHidden: z.boolean(),
    log: z.string(),
    waitingForRunner: z.boolean().meta({ description: "Queued for a hardware profile that no live runner serves." }),
    canCancel: z.boolean(),
    canResubmit: z.boolean(),
    moderation: z.object({ hiddenReason: z.string().nullable(), disqualifiedReason: z.string().nullable() }),
  })
  .meta({ id: "Submission" });

export const trackTaskSchema = z
  .object({
    trackId: z.string(),
    trackTitle: z.string(),
    hardwareProfileId: z.string(),
    task: z.object({
      slug: z.string(),
      title: z.string(),
      labels: z
        .array(z.string())
        .meta({ description: "The task's labels; a bundle's output labels must be among them." }),
      inputFields: z
        .array(z.string())
        .meta({ description: "One field per example (a sentence) or two (a sentence pair)." }),
    }),
    benchmarkTasks: z
      .array(
        z.object({
          slug: z.string(),
          title: z.string(),
          labels: z.array(z.string()),
          inputFields: z.array(z.string()),
        }),
      )
      .meta({
        description:
          "A multi-task track's tasks, in order (empty for a single-task track): its bundle holds one folder per task, named by the task's slug, each checked against that task.",
      }),
  })
  .meta({
    id: "TrackTask",
    description: "What a bundle is checked against: the CLI runs the site's own check with it before uploading.",
  });

export const competitionEntrySchema = z
  .object({ slug: z.string(), title: z.string(), status: z.string(), trackCount: z.number().int() })
  .meta({ id: "CompetitionEntry" });

export const trackEntrySchema = z
  .object({
    id: z.string().meta({
      description: "The id `submit` takes; the CLI also accepts the hardware profile where only one track has it.",
    }),
    title: z.string(),
    taskSlug: z.string(),
    hardwareProfileId: z.string().meta({ description: "e.g. cpu-1t" }),
    qualityMetric: z.string(),
    qualityThreshold: z.number().nullable(),
    rankingRule: z.string(),
    rankedEnergyKind: z.string(),
    runnerOnline: z.boolean().meta({
      description: "Whether a live runner serves the profile now; without one, submissions wait in the queue.",
    }),
  })
  .meta({ id: "TrackEntry" });

export const callerSchema = z
  .object({
    user: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
    team: z
      .object({ id: z.string(), slug: z.string(), name: z.string() })
      .nullable()
      .meta({ description: "The token's team; null for a signed-in browser." }),
  })
  .meta({ id: "Caller" });

export const slugParams = z.object({ slug: z.string().meta({ description: "Competition slug" }) });
export const trackParams = z.object({
  slug: z.string().meta({ description: "Competition slug" }),
  trackId: z.string().meta({ description: "Track id" }),
});
export const submissionParams = z.object({ id: z.string().meta({ description: "Submission id" }) });
