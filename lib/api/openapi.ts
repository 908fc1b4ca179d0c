/** The OpenAPI 3.1 document of API v1, built from the schemas the routes validate with (./schemas.ts). */
import { z } from "zod";
import { createDocument, type ZodOpenApiResponsesObject } from "zod-openapi";
import { APP_VERSION } from "../version";
import * as s from "./schemas";

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
const errors = (...statuses: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: ERROR_MEANINGS[status] ?? "Error", ...json(s.errorSchema) }]));
const ERROR_MEANINGS: Record<number, string> = {
  400: "VALIDATION_FAILED or BUNDLE_REJECTED: the request or the bundle, with what to fix",
  401: "UNAUTHENTICATED, TOKEN_REVOKED or TOKEN_EXPIRED",
  403: "FORBIDDEN, or NOT_REGISTERED (enter the competition first)",
  404: "NOT_FOUND: it does not exist, or you may not see it",
  409: "CONFLICT, DUPLICATE_SUBMISSION or PHASE_CLOSED",
  413: "TOO_LARGE: over the competition's bundle size limit",
  429: "QUOTA_EXCEEDED",
};

export function buildOpenApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Joulebench API",
      version: `1 (${APP_VERSION})`,
      description: "Register, submit bundles and follow their evaluations. Authenticate with `Authorization: Bearer <token>` (an API token from your team's tokens page).",
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
          responses: { "200": { description: "Competitions by title", ...json(z.object({ competitions: z.array(s.competitionEntrySchema) })) }, ...errors(401) },
        },
      },
      "/competitions/{slug}/tracks": {
        get: {
          summary: "A competition's tracks, with their ids, hardware profiles and whether a runner serves them now",
          security: [{ token: [] }, {}],
          requestParams: { path: s.slugParams },
          responses: { "200": { description: "Tracks", ...json(z.object({ tracks: z.array(s.trackEntrySchema) })) }, ...errors(401, 404) },
        },
      },
      "/competitions/{slug}/registrations": {
        post: {
          summary: "Enter the competition, accepting its rules",
          requestParams: { path: s.slugParams },
          requestBody: json(s.registrationRequestSchema),
          responses: { "200": { description: "The team's entry", ...json(s.registrationSchema) }, ...errors(400, 401, 404, 409) },
        },
      },
      "/competitions/{slug}/submissions": {
        post: {
          summary: "Upload a bundle to one or more tracks",
          description: "multipart/form-data: the `metadata` field first, then the `bundle` file. The upload is streamed; the bundle is validated before anything is queued.",
          requestParams: { path: s.slugParams },
          requestBody: {
            content: { "multipart/form-data": { schema: s.submissionUploadSchema, encoding: { metadata: { contentType: "application/json" } } } },
          },
          responses: { "201": { description: "Accepted and queued", ...json(s.submitResponseSchema) }, ...errors(400, 401, 403, 404, 409, 413, 429) },
        },
      },
      "/submissions": {
        get: {
          summary: "Your teams' submissions, newest first",
          requestParams: { query: z.object({ competition: z.string().optional() }) },
          responses: { "200": { description: "Submissions", ...json(z.object({ submissions: z.array(s.submissionSummarySchema) })) }, ...errors(401) },
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
          responses: { "200": { description: "Events, oldest first", ...json(z.object({ events: z.array(s.eventSchema) })) }, ...errors(401, 404) },
        },
      },
      "/submissions/{id}/results": {
        get: {
          summary: "Results of the latest finished evaluation",
          requestParams: { path: s.submissionParams },
          responses: { "200": { description: "Results per split", ...json(z.object({ results: z.array(s.resultSchema), privateResultsHidden: z.boolean() })) }, ...errors(401, 404) },
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
          summary: "Evaluate the same bundle again (after a failure or a cancel)",
          requestParams: { path: s.submissionParams },
          responses: { "200": { description: "Queued again", ...json(s.submissionSchema) }, ...errors(401, 404, 409) },
        },
      },
    },
  });
}
