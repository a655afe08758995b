CREATE TABLE "sign_in_audit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"email_tried" text NOT NULL,
	"user_id" uuid,
	"address" text NOT NULL,
	"outcome" text NOT NULL,
	CONSTRAINT "sign_in_audit_outcome" CHECK ("sign_in_audit"."outcome" in ('failed', 'locked-out', 'refused-locked'))
);
--> statement-breakpoint
ALTER TABLE "sign_in_audit" ADD CONSTRAINT "sign_in_audit_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_in_audit_at_idx" ON "sign_in_audit" USING btree ("at");