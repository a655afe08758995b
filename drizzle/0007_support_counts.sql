ALTER TABLE "proposals" ADD COLUMN "supports" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "supports_outside" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The supports given before this migration, counted once (proposals/support-counts.ts keeps them).
UPDATE "proposals" AS p SET "supports" = c.n, "supports_outside" = c.outside
FROM (
	SELECT s."proposal_id" AS id, count(*)::int AS n,
		(count(*) FILTER (WHERE pa."id" IS NULL))::int AS outside
	FROM "proposal_supports" s
	JOIN "proposals" p2 ON p2."id" = s."proposal_id"
	LEFT JOIN "participants" pa ON pa."workshop_id" = p2."workshop_id" AND pa."resident_id" = s."resident_id"
	GROUP BY s."proposal_id"
) AS c
WHERE p."id" = c.id;
