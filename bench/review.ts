// `npm run bench -- --only review`: the managers' ranked list (`GET /api/proposals`) on
// PostgreSQL with 10,000 proposals and 200,000 dots, against its budget of 200 ms on the server.
// No reference server does this, so there is no ratio: medians and 95th percentiles of the
// server's own time (its Server-Timing header), and of the round trip on loopback beside it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openPostgres } from '../src/lib/server/db/client';
import { applyMigrations } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/demo/seed';
import { recountAll } from '../src/lib/server/proposals/support-counts';
import { seedReferenceData } from '../src/lib/server/reference/seed';
import { launch } from './lib/servers';

const here = path.dirname(fileURLToPath(import.meta.url));

export const REVIEW_SIZE = { proposals: 10_000, workshops: 200, perWorkshop: 50, dotsEach: 20 };

/** The views a manager opens, as query strings of `GET /api/proposals`. */
const QUERIES: [string, string][] = [
	['whole ranking, first page', 'limit=50'],
	['Municipio 9 + condominium libraries', 'municipio=9&service=biblioteche-condominio&limit=50'],
	['two stages, by dots', 'stage=proposed,shortlisted&sort=votes&limit=50'],
	['words in title or problem', 'q=condominio&limit=50'],
	['one branch, last 90 days, page 3', 'branch=niguarda&from=DAYS90&offset=100&limit=50']
];
const WARM = Number(process.env.BENCH_REVIEW_WARM ?? 5);
const TIMED = Number(process.env.BENCH_REVIEW_TIMED ?? 30);

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (sorted.length - 1) * q;
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** A database of its own on the server at `adminUrl`, migrated, with the reference data and demo. */
async function createDatabase(adminUrl: string) {
	const name = `piazza_bench_${randomBytes(5).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const handle = openPostgres(url.toString(), { max: 2 });
	await applyMigrations(handle, path.join(here, '..', '..', 'drizzle'));
	await seedReferenceData(handle.db);
	await seedDemo(handle.db, { history: true });
	await handle.close();
	return {
		url: url.toString(),
		drop: async () => {
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end();
		}
	};
}

/**
 * The bulk of the data in a few set-based statements: workshops across every branch, 50 residents
 * each who place 20 dots apiece (200,000 rows in `votes`), and 10,000 proposals in every stage
 * still in play or archived, tied to one or two branches and services, with supports and ratings.
 */
async function seedVolume(url: string) {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	const { workshops: W, perWorkshop: P, dotsEach: D, proposals: N } = REVIEW_SIZE;
	await sql.begin(async (tx) => {
		const [process] =
			await tx`insert into processes (title, challenge) values ('Bench: volume', '') returning id`;
		// Join codes from the unambiguous alphabet, unique per workshop.
		const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
		const codes = Array.from({ length: W }, (_, i) => {
			let n = i;
			let code = '';
			for (let k = 0; k < 4; k++) {
				code = alphabet[n % alphabet.length] + code;
				n = Math.floor(n / alphabet.length);
			}
			return `ZQ${code}`;
		});
		await tx`
			insert into workshops (process_id, title, code, status, branch_id, starts_at)
			select ${process!.id}, 'Bench ' || g, (${codes}::text[])[g + 1], 'closed',
				(select id from branches order by slug offset (g % (select count(*) from branches)) limit 1),
				now() - make_interval(days => g)
			from generate_series(0, ${W - 1}) g`;
		await tx`
			insert into boards (workshop_id, kind, prompt, phase, voting_state, vote_budget)
			select id, 'idea-wall', 'Bench', 'locked', 'revealed', ${D}
			from workshops where process_id = ${process!.id}`;
		await tx`insert into residents (created_at) select now() from generate_series(1, ${W * P})`;
		await tx`
			insert into participants (workshop_id, resident_id, nickname)
			select w.id, r.id, 'Vicina'
			from (select id, row_number() over (order by created_at, id) - 1 as n from residents) r
			join (select id, row_number() over (order by code) - 1 as n from workshops
				where process_id = ${process!.id}) w on w.n = r.n / ${P}`;
		await tx`
			insert into votes (board_id, participant_id, item_id, count)
			select b.id, p.id, 'n' || k, 1
			from participants p
			join boards b on b.workshop_id = p.workshop_id
			join workshops w on w.id = p.workshop_id and w.process_id = ${process!.id}
			cross join generate_series(0, ${D - 1}) k`;
		await tx`
			insert into proposals (workshop_id, process_id, title, problem, stage, tags, provenance,
				archived_reason, created_at, updated_at, stage_changed_at)
			select w.id, ${process!.id},
				'Proposta ' || g || ': ' || (array['biblioteca di condominio', 'orari serali', 'prestito di attrezzi', 'spazi studio', 'Bibliobus'])[1 + g % 5],
				'Un problema del quartiere numero ' || g,
				(array['proposed', 'shortlisted', 'prototyping', 'evaluating', 'adopted', 'archived'])[1 + g % 6],
				jsonb_build_array((array['orari', 'casa', 'giovani', 'lingue'])[1 + g % 4]),
				jsonb_build_object('workshopId', w.id, 'workshopTitle', w.title, 'boardId', '00000000-0000-4000-8000-000000000000',
					'prompt', '', 'cluster', null, 'notes', '[]'::jsonb, 'votes', (g * 7) % 60, 'paperVotes', 0,
					'participants', ${P}::int, 'promotedAt', now()),
				case when g % 6 = 5 then 'Non sostenibile' end,
				now() - make_interval(days => g % 365), now() - make_interval(days => g % 200),
				now() - make_interval(days => g % 200)
			from generate_series(0, ${N - 1}::int) g
			join (select id, title, row_number() over (order by code) - 1 as n from workshops
				where process_id = ${process!.id}) w on w.n = g % ${W}::int`;
		const bench = tx`select id, row_number() over (order by id) - 1 as n from proposals where process_id = ${process!.id}`;
		await tx`
			insert into proposal_branches (proposal_id, branch_id)
			select p.id, b.id from (${bench}) p
			join (select id, row_number() over (order by slug) - 1 as n, count(*) over () as total from branches) b
				on b.n = p.n % b.total or (p.n % 3 = 0 and b.n = (p.n + 7) % b.total)`;
		await tx`
			insert into proposal_services (proposal_id, service_id)
			select p.id, s.id from (${bench}) p
			join (select id, row_number() over (order by slug) - 1 as n, count(*) over () as total from services) s
				on s.n = p.n % s.total or (p.n % 4 = 0 and s.n = (p.n + 5) % s.total)`;
		await tx`
			insert into proposal_supports (proposal_id, resident_id)
			select p.id, r.id from (${bench}) p
			cross join generate_series(0, 4) k
			join (select id, row_number() over (order by id) - 1 as n from residents) r
				on r.n = (p.n * 13 + k * 2017) % ${W * P}`;
		await tx`
			insert into proposal_ratings (proposal_id, user_id, impact, feasibility, cost)
			select p.id, u.id, 1 + p.n % 5, 1 + (p.n / 5) % 5, 1 + (p.n / 25) % 5
			from (${bench}) p cross join users u
			where p.n % 3 = 0 and u.email in ('responsabile@example.org', 'admin@example.org')`;
	});
	// Supports written in bulk are counted once, by the same recount the app's writes use.
	const counting = openPostgres(url, { max: 1 });
	await recountAll(counting.db);
	await counting.close();
	const [counts] = await sql`
		select (select count(*) from proposals)::int as proposals, (select count(*) from votes)::int as votes,
			(select count(*) from proposal_supports)::int as supports, (select count(*) from proposal_ratings)::int as ratings`;
	await sql`analyze`;
	await sql.end();
	return counts as unknown as {
		proposals: number;
		votes: number;
		supports: number;
		ratings: number;
	};
}

export async function runReviewBench(options: { databaseUrl?: string; reps: number }) {
	const adminUrl =
		options.databaseUrl ??
		process.env.BENCH_DATABASE_URL ??
		'postgres://postgres@127.0.0.1:5432/test';
	const startedAt = new Date();
	const loadBefore = os.loadavg();
	console.log(
		`Review bench: PostgreSQL at ${new URL(adminUrl).host}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`
	);
	const preparing = Date.now();
	const database = await createDatabase(adminUrl);
	const counts = await seedVolume(database.url).catch(async (error: unknown) => {
		await database.drop();
		throw error;
	});
	console.log(
		`  seeded in ${((Date.now() - preparing) / 1000).toFixed(1)} s: ${counts.proposals} proposals, ${counts.votes} dots, ${counts.supports} supports, ${counts.ratings} ratings`
	);
	const server = await launch('piazza', { env: { DATABASE_URL: database.url } });
	const base = `http://127.0.0.1:${server.port}`;
	const results: Record<string, { server: number[]; roundTrip: number[]; total: number }> = {};
	try {
		const signIn = await fetch(`${base}/staff/sign-in`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
			body: 'email=responsabile%40example.org&password=piazza-demo',
			redirect: 'manual'
		});
		const cookie = signIn.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		if (!cookie.includes('piazza_session')) throw new Error('the manager could not sign in');
		const days90 = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
		for (let rep = 0; rep < options.reps; rep++)
			for (const [label, raw] of QUERIES) {
				const query = raw.replace('DAYS90', days90);
				const entry = (results[label] ??= { server: [], roundTrip: [], total: 0 });
				for (let i = 0; i < WARM + TIMED; i++) {
					const t0 = performance.now();
					const response = await fetch(`${base}/api/proposals?${query}`, { headers: { cookie } });
					const body = (await response.json()) as { total: number };
					const t1 = performance.now();
					if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
					if (i < WARM) continue;
					const timing = response.headers.get('server-timing') ?? '';
					const dur = [...timing.matchAll(/dur=([\d.]+)/g)].reduce((s, m) => s + Number(m[1]), 0);
					entry.server.push(dur);
					entry.roundTrip.push(t1 - t0);
					entry.total = body.total;
				}
			}
	} finally {
		await server.stop();
		// BENCH_KEEP_DATABASE=1 keeps it for EXPLAIN ANALYZE; its address is printed.
		if (process.env.BENCH_KEEP_DATABASE) console.log(`Database kept: ${database.url}`);
		else await database.drop();
	}

	const rows = Object.entries(results).map(([label, r]) => ({
		label,
		total: r.total,
		serverMedian: quantile(r.server, 0.5),
		serverP95: quantile(r.server, 0.95),
		roundTripMedian: quantile(r.roundTrip, 0.5)
	}));
	const lines = [
		'| view (GET /api/proposals, 50 rows)   | matching | server median, ms | server p95, ms | round trip median, ms | budget  |',
		'| ------------------------------------- | -------: | ----------------: | -------------: | --------------------: | ------- |',
		...rows.map(
			(r) =>
				`| ${r.label.padEnd(37)} | ${String(r.total).padStart(8)} | ${r.serverMedian.toFixed(1).padStart(17)} | ${r.serverP95.toFixed(1).padStart(14)} | ${r.roundTripMedian.toFixed(1).padStart(21)} | < 200 ms |`
		)
	];
	const loadAfter = os.loadavg();
	console.log(`\n${lines.join('\n')}\n`);
	console.log(
		`${options.reps} rep(s) × ${TIMED} timed requests per view after ${WARM} warm-up ones; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}.`
	);
	const file = path.join(
		'bench',
		'results',
		`review-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`
	);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(
		file,
		JSON.stringify(
			{
				startedAt: startedAt.toISOString(),
				size: REVIEW_SIZE,
				counts,
				machine: { cpus: os.availableParallelism(), loadBefore, loadAfter, node: process.version },
				rows,
				table: lines.join('\n')
			},
			null,
			'\t'
		)
	);
	console.log(`Results: ${file}`);
}
