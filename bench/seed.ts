// `build/bench/seed.js`: prepares Piazza's database for a run with Piazza's own modules (the same
// migrations, demo data and schema as the server), before the server starts: PGlite admits one
// process at a time. Adds open boards to the demo workshop, one per measurement that needs a
// fresh document, and prints their ids as JSON on the last line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { readConfig } from '../src/lib/server/config';
import { boards, workshops } from '../src/lib/server/db/schema/index';
import { DEMO_JOIN_CODE, seedDemo } from '../src/lib/server/demo/seed';
import { startRuntime } from '../src/lib/server/runtime';
import { BENCH_PROMPT } from './lib/board';

const here = path.dirname(fileURLToPath(import.meta.url));
const count = Number(process.argv[2] ?? '0');

const runtime = await startRuntime(
	readConfig(process.env, { migrationsFolder: path.join(here, '..', '..', 'drizzle') })
);
try {
	const db = runtime.database.db;
	// With the history, as `--demo` would add it on the first start (it must not land mid-measurement).
	await seedDemo(db, { history: true });
	const [workshop] = await db
		.select({ id: workshops.id })
		.from(workshops)
		.where(eq(workshops.code, DEMO_JOIN_CODE));
	if (!workshop) throw new Error('the demo workshop is missing');
	const rows =
		count > 0
			? await db
					.insert(boards)
					.values(
						Array.from({ length: count }, () => ({
							workshopId: workshop.id,
							kind: 'idea-wall' as const,
							prompt: BENCH_PROMPT,
							phase: 'open' as const
						}))
					)
					.returning({ id: boards.id })
			: [];
	console.log(JSON.stringify({ workshopId: workshop.id, boardIds: rows.map((r) => r.id) }));
} finally {
	await runtime.stop();
}
