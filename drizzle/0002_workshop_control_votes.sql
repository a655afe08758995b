CREATE TABLE "paper_votes" (
	"board_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"count" integer NOT NULL,
	"entered_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_votes_board_id_item_id_pk" PRIMARY KEY("board_id","item_id"),
	CONSTRAINT "paper_votes_count_range" CHECK ("paper_votes"."count" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"board_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"count" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "votes_board_id_participant_id_item_id_pk" PRIMARY KEY("board_id","participant_id","item_id"),
	CONSTRAINT "votes_count_positive" CHECK ("votes"."count" >= 1)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "vote_on" text;--> statement-breakpoint
ALTER TABLE "boards" ADD COLUMN "premoderation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "current_activity_id" uuid;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "timer_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "timer_paused_ms" integer;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "timer_duration_ms" integer DEFAULT 300000 NOT NULL;--> statement-breakpoint
ALTER TABLE "paper_votes" ADD CONSTRAINT "paper_votes_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_votes" ADD CONSTRAINT "paper_votes_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "votes_board_item_idx" ON "votes" USING btree ("board_id","item_id");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_vote_on" CHECK ("activities"."vote_on" is null or "activities"."vote_on" in ('notes', 'clusters'));