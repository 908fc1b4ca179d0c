ALTER TYPE "public"."ranking_rule" ADD VALUE 'latency-p90';--> statement-breakpoint
ALTER TYPE "public"."ranking_rule" ADD VALUE 'composite';--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "ranked_energy_kind" text DEFAULT 'estimated' NOT NULL;