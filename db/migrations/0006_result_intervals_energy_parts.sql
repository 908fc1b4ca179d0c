ALTER TABLE "results" ADD COLUMN "energy_ci_low_joules_per_inference" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_ci_high_joules_per_inference" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_kind" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_gross_joules_per_inference" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_gross_ci_low_joules_per_inference" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_gross_ci_high_joules_per_inference" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_host_method" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_host_joules_per_inference" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_gpu_method" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "energy_gpu_joules_per_inference" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "latency_p90_ci_low_ms" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "latency_p90_ci_high_ms" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "throughput_ci_low_per_second" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "throughput_ci_high_per_second" double precision;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "noisy_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "reruns" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "interference" jsonb DEFAULT '{}'::jsonb NOT NULL;