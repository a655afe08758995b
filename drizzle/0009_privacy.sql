CREATE TABLE "privacy_erasures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"participant_ids" text NOT NULL,
	"notes_removed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "privacy_erasures_kind" CHECK ("privacy_erasures"."kind" in ('self', 'admin', 'retention'))
);
--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "privacy_erasures" ADD CONSTRAINT "privacy_erasures_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "privacy_erasures_at_idx" ON "privacy_erasures" USING btree ("at");