ALTER TABLE "resident_contacts" ADD COLUMN "locale" text DEFAULT 'it' NOT NULL;--> statement-breakpoint
ALTER TABLE "resident_contacts" ADD COLUMN "stop_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "resident_contacts" ADD CONSTRAINT "resident_contacts_stop_token" UNIQUE("stop_token");