CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "proposal_branches" (
	"proposal_id" uuid NOT NULL,
	"branch_id" uuid NOT NULL,
	CONSTRAINT "proposal_branches_proposal_id_branch_id_pk" PRIMARY KEY("proposal_id","branch_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_reason" text,
	"hidden_by" uuid,
	CONSTRAINT "proposal_comments_text_length" CHECK (char_length("proposal_comments"."text") between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "proposal_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"note" text DEFAULT '' NOT NULL,
	"plan" jsonb,
	"evaluation" jsonb,
	"other_id" uuid,
	"fields" jsonb,
	CONSTRAINT "proposal_events_kind" CHECK ("proposal_events"."kind" in ('created', 'stage', 'edited', 'merged-in'))
);
--> statement-breakpoint
CREATE TABLE "proposal_follows" (
	"proposal_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_follows_proposal_id_resident_id_pk" PRIMARY KEY("proposal_id","resident_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_services" (
	"proposal_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	CONSTRAINT "proposal_services_proposal_id_service_id_pk" PRIMARY KEY("proposal_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_sources" (
	"proposal_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"participant_id" uuid,
	CONSTRAINT "proposal_sources_proposal_id_board_id_item_id_pk" PRIMARY KEY("proposal_id","board_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_supports" (
	"proposal_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_supports_proposal_id_resident_id_pk" PRIMARY KEY("proposal_id","resident_id")
);
--> statement-breakpoint
CREATE TABLE "resident_contacts" (
	"resident_id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"consented_at" timestamp with time zone DEFAULT now() NOT NULL,
	"consent_version" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "process_id" uuid;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "target_groups" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
-- Proposals made before provenance existed (none in practice) get an empty one.
ALTER TABLE "proposals" ADD COLUMN "provenance" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "proposals" ALTER COLUMN "provenance" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "plan" jsonb;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "evaluation" jsonb;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "archived_reason" text;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_event_id_proposal_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."proposal_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_branches" ADD CONSTRAINT "proposal_branches_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_branches" ADD CONSTRAINT "proposal_branches_branch_id_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."branches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_events" ADD CONSTRAINT "proposal_events_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_events" ADD CONSTRAINT "proposal_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_follows" ADD CONSTRAINT "proposal_follows_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_follows" ADD CONSTRAINT "proposal_follows_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_services" ADD CONSTRAINT "proposal_services_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_services" ADD CONSTRAINT "proposal_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_sources" ADD CONSTRAINT "proposal_sources_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_sources" ADD CONSTRAINT "proposal_sources_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_sources" ADD CONSTRAINT "proposal_sources_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_supports" ADD CONSTRAINT "proposal_supports_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_supports" ADD CONSTRAINT "proposal_supports_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_contacts" ADD CONSTRAINT "resident_contacts_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("sent_at","next_attempt_at");--> statement-breakpoint
CREATE INDEX "proposal_branches_branch_idx" ON "proposal_branches" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "proposal_comments_proposal_idx" ON "proposal_comments" USING btree ("proposal_id","created_at");--> statement-breakpoint
CREATE INDEX "proposal_events_proposal_idx" ON "proposal_events" USING btree ("proposal_id","at");--> statement-breakpoint
CREATE INDEX "proposal_follows_resident_idx" ON "proposal_follows" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "proposal_services_service_idx" ON "proposal_services" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "proposal_sources_item_idx" ON "proposal_sources" USING btree ("board_id","item_id");--> statement-breakpoint
CREATE INDEX "proposal_sources_participant_idx" ON "proposal_sources" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "proposal_supports_resident_idx" ON "proposal_supports" USING btree ("resident_id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_process_id_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."processes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_merged_into_id_proposals_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."proposals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposals_process_idx" ON "proposals" USING btree ("process_id");--> statement-breakpoint
CREATE INDEX "proposals_stage_idx" ON "proposals" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "proposals_merged_into_idx" ON "proposals" USING btree ("merged_into_id");--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_merged_has_target" CHECK (("proposals"."stage" = 'merged') = ("proposals"."merged_into_id" is not null));--> statement-breakpoint
-- A proposal's history is the record residents read: it is appended to, never rewritten. The one
-- change let through is the foreign key forgetting a deleted staff account (actor_name stays).
CREATE FUNCTION "proposal_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.actor_id IS NULL AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'proposal_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "proposal_events_no_update" BEFORE UPDATE ON "proposal_events"
	FOR EACH ROW EXECUTE FUNCTION "proposal_events_append_only"();
