/** The OpenAPI 3.1 document of API v1, built from the schemas the routes validate with (./schemas.ts). */
import { z } from "zod";
import { createDocument, type ZodOpenApiResponsesObject } from "zod-openapi";
import { APP_VERSION } from "../version";
import { apiRateRules, BURST_MINUTES } from "./api-rate-limit";
import * as s from "./schemas";

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
/** Every operation may answer 429 RATE_LIMITED (lib/api/api-rate-limit.ts), so every one lists it. */
const errors = (...statuses: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(
    [...new Set([...statuses, 429])].map((status) => [
      String(status),
      {
        description: ERROR_MEANINGS[status] ?? "Error",
        ...json(s.errorSchema),
        ...(status === 429 ? { headers: RETRY_AFTER } : {}),
      },
    ]),
  );
const RETRY_AFTER = {
  "Retry-After": {
    description: "Seconds to wait before the next request (RATE_LIMITED)",
    schema: { type: "integer" as const, minimum: 1 },
  },
};
const ERROR_MEANINGS: Record<number, string> = {
  400: "VALIDATION_FAILED or BUNDLE_REJECTED: the request or the bundle, with what to fix",
  401: "UNAUTHENTICATED, TOKEN_REVOKED or TOKEN_EXPIRED",
  403: "FORBIDDEN, or NOT_REGISTERED (enter the competition first)",
  404: "NOT_FOUND: it does not exist, or you may not see it",
  409: "CONFLICT, DUPLICATE_SUBMISSION, PHASE_CLOSED, ONE_TEAM_PER_PERSON (a member is registered with another team) or ALREADY_SCORED (a resubmit of a submission whose evaluation finished)",
  413: "TOO_LARGE: over the competition's bundle size limit",
  429: "RATE_LIMITED: too many requests, wait the Retry-After header's seconds; or QUOTA_EXCEEDED (uploads): the team's submissions are used up",
};

export function buildOpenApiDocument() {
  const limits = apiRateRules();
  const rateLimits =
    `Rate limits, per minute, with bursts of ${BURST_MINUTES} minutes' worth: ${limits.perToken.perMinute} requests per token, ` +
    `${limits.perAddress.perMinute} per client address, and ${limits.failedTokensPerAddress.perMinute} tokens that fail to authenticate per client address ` +
    "(past that, even a valid token from that address waits). Over a limit, the answer is 429 with the code RATE_LIMITED and a Retry-After header in seconds.";
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Joulebench API",
      version: `1 (${APP_VERSION})`,
      description: `Register, submit bundles and follow their evaluations. Authenticate with \`Authorization: Bearer <token>\` (an API token from your team's tokens page). ${rateLimits} Every answer is JSON; an error is \`{ error: { code, message } }\`, a path API v1 does not serve answers 404 NOT_FOUND and a method it does not take 405 METHOD_NOT_ALLOWED.`,
    },
    servers: [{ url: "/api/v1" }],
    components: { securitySchemes: { token: { type: "http", scheme: "bearer" } } },
    security: [{ token: [] }],
    paths: {
      "/me": {
        get: {
          summary: "Who you are: the token's user and team",
          responses: { "200": { description: "The caller", ...json(s.callerSchema) }, ...errors(401) },
        },
      },
      "/competitions": {
        get: {
          summary: "The competitions you may see (public ones without a token)",
          security: [{ token: [] }, {}],
          responses: {
            "200": {
              description: "Competitions by title",
              ...json(z.object({ competitions: z.array(s.competitionEntrySchema) })),
            },
            ...errors(401),
          },
        },
      },
      "/competitions/{slug}/tracks": {
        get: {
          summary: "A competition's tracks, with their ids, hardware profiles and whether a runner serves them now",
          security: [{ token: [] }, {}],
          requestParams: { path: s.slugParams },
          responses: {
            "200": { description: "Tracks", ...json(z.object({ tracks: z.array(s.trackEntrySchema) })) },
            ...errors(401, 404),
          },
        },
      },
      "/competitions/{slug}/registrations": {
        post: {
          summary: "Enter the competition, accepting its rules",
          requestParams: { path: s.slugParams },
          requestBody: json(s.registrationRequestSchema),
          responses: {
            "200": { description: "The team's entry", ...json(s.registrationSchema) },
            ...errors(400, 401, 404, 409),
          },
        },
      },
      "/competitions/{slug}/submissions": {
        post: {
          summary: "Upload a bundle to one or more tracks",
          description:
            "multipart/form-data: the `metadata` field first, then the `bundle` file. The upload is streamed; the bundle is validated before anything is queued.",
          requestParams: { path: s.slugParams },
          requestBody: {
            content: {
              "multipart/form-data": {
                schema: s.submissionUploadSchema,
                encoding: { metadata: { contentType: "application/json" } },
              },
            },
          },
          responses: {
            "201": { description: "Accepted and queued", ...json(s.submitResponseSchema) },
            ...errors(400, 401, 403, 404, 409, 413, 429),
          },
        },
      },
      "/competitions/{slug}/tracks/{trackId}/task": {
        get: {
          summary: "The track's task: the labels and input fields a bundle is checked against",
          requestParams: { path: s.trackParams },
          responses: { "200": { description: "The track and its task", ...json(s.trackTaskSchema) }, ...errors(404) },
        },
      },
      "/submissions": {
        get: {
          summary: "Your teams' submissions, newest first",
          requestParams: { query: z.object({ competition: z.string().optional() }) },
          responses: {
            "200": {
              description: "Submissions",
              ...json(z.object({ submissions: z.array(s.submissionSummarySchema) })),
            },
            ...errors(401),
          },
        },
      },
      "/submissions/{id}": {
        get: {
          summary: "A submission with its evaluation, timeline, results and log",
          requestParams: { path: s.submissionParams },
          responses: { "200": { description: "The submission", ...json(s.submissionSchema) }, ...errors(401, 404) },
        },
      },
      "/submissions/{id}/events": {
        get: {
          summary: "The evaluation timeline",
          requestParams: { path: s.submissionParams },
          responses: {
            "200": { description: "Events, oldest first", ...json(z.object({ events: z.array(s.eventSchema) })) },
            ...errors(401, 404),
          },
        },
      },
      "/submissions/{id}/results": {
        get: {
          summary: "Results of the latest finished evaluation",
          requestParams: { path: s.submissionParams },
          responses: {
            "200": {
              description: "Results per split",
              ...json(z.object({ results: z.array(s.resultSchema), privateResultsHidden: z.boolean() })),
            },
            ...errors(401, 404),
          },
        },
      },
      "/submissions/{id}/cancel": {
        post: {
          summary: "Cancel the evaluation waiting or running",
          requestParams: { path: s.submissionParams },
          responses: { "200": { description: "Cancelled", ...json(s.submissionSchema) }, ...errors(401, 404, 409) },
        },
      },
      "/submissions/{id}/resubmit": {
        post: {
          summary:
            "Evaluate the same bundle again, only after a failure or a cancel (a scored submission answers 409 ALREADY_SCORED)",
          requestParams: { path: s.submissionParams },
          responses: { "200": { description: "Queued again", ...json(s.submissionSchema) }, ...errors(401, 404, 409) },
        },
      },
    },
  });
}
