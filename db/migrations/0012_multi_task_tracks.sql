CREATE TABLE "track_tasks" (
	"track_id" text NOT NULL,
	"task_id" text NOT NULL,
	"position" integer NOT NULL,
	"metric" text NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	CONSTRAINT "track_tasks_track_id_task_id_pk" PRIMARY KEY("track_id","task_id")
);
--> statement-breakpoint
DROP INDEX "tracks_competition_task_profile_idx";--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "task_aggregate" text;--> statement-breakpoint
ALTER TABLE "track_tasks" ADD CONSTRAINT "track_tasks_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_tasks" ADD CONSTRAINT "track_tasks_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "track_tasks_track_position_idx" ON "track_tasks" USING btree ("track_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "tracks_competition_task_profile_idx" ON "tracks" USING btree ("competition_id","task_id","hardware_profile_id") WHERE "tracks"."task_aggregate" is null;