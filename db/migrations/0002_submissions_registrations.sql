CREATE TABLE "competition_registrations" (
	"competition_id" text NOT NULL,
	"team_id" text NOT NULL,
	"registered_by" text,
	"rules_sha256" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competition_registrations_competition_id_team_id_pk" PRIMARY KEY("competition_id","team_id")
);
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "upload_group_id" text;--> statement-breakpoint
ALTER TABLE "competition_registrations" ADD CONSTRAINT "competition_registrations_competition_id_competitions_id_fk" FOREIGN KEY ("competition_id") REFERENCES "public"."competitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_registrations" ADD CONSTRAINT "competition_registrations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_registrations" ADD CONSTRAINT "competition_registrations_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "competition_registrations_team_idx" ON "competition_registrations" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "submissions_team_track_sha_idx" ON "submissions" USING btree ("team_id","track_id","sha256");