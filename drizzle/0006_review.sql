CREATE TABLE "priority_weights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"set_by" uuid,
	"set_by_name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"votes" double precision NOT NULL,
	"supports" double precision NOT NULL,
	"impact" double precision NOT NULL,
	"feasibility" double precision NOT NULL,
	"cost" double precision NOT NULL,
	"reach" double precision NOT NULL,
	CONSTRAINT "priority_weights_range" CHECK (least("priority_weights"."votes", "priority_weights"."supports", "priority_weights"."impact", "priority_weights"."feasibility", "priority_weights"."cost", "priority_weights"."reach") >= 0 and greatest("priority_weights"."votes", "priority_weights"."supports", "priority_weights"."impact", "priority_weights"."feasibility", "priority_weights"."cost", "priority_weights"."reach") <= 10),
	CONSTRAINT "priority_weights_not_all_zero" CHECK ("priority_weights"."votes" + "priority_weights"."supports" + "priority_weights"."impact" + "priority_weights"."feasibility" + "priority_weights"."cost" + "priority_weights"."reach" > 0)
);
--> statement-breakpoint
CREATE TABLE "proposal_ratings" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"impact" smallint NOT NULL,
	"feasibility" smallint NOT NULL,
	"cost" smallint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_ratings_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id"),
	CONSTRAINT "proposal_ratings_impact" CHECK ("proposal_ratings"."impact" between 1 and 5),
	CONSTRAINT "proposal_ratings_feasibility" CHECK ("proposal_ratings"."feasibility" between 1 and 5),
	CONSTRAINT "proposal_ratings_cost" CHECK ("proposal_ratings"."cost" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "priority_weights" ADD CONSTRAINT "priority_weights_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ratings" ADD CONSTRAINT "proposal_ratings_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ratings" ADD CONSTRAINT "proposal_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "priority_weights_set_at_idx" ON "priority_weights" USING btree ("set_at");--> statement-breakpoint
-- The weights' history is the record of how the ranking was set: appended to, never rewritten or
-- deleted. The one change let through is the foreign key forgetting a deleted staff account.
CREATE FUNCTION "priority_weights_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.set_by IS NULL AND (to_jsonb(NEW) - 'set_by') = (to_jsonb(OLD) - 'set_by') THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'priority_weights is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "priority_weights_no_rewrite" BEFORE UPDATE OR DELETE ON "priority_weights"
	FOR EACH ROW EXECUTE FUNCTION "priority_weights_append_only"();
