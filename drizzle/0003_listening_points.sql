ALTER TABLE "workshops" ADD COLUMN "format" text DEFAULT 'session' NOT NULL;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "opens_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workshops" ADD COLUMN "closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_format" CHECK ("workshops"."format" in ('session', 'listening-point'));--> statement-breakpoint
ALTER TABLE "workshops" ADD CONSTRAINT "workshops_listening_window" CHECK ("workshops"."format" <> 'listening-point' or ("workshops"."opens_at" is not null and "workshops"."closes_at" > "workshops"."opens_at"));