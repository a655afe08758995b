import { asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EMPTY_FILTERS } from '../../src/lib/domain/proposal/review-filters';
import { STAGES } from '../../src/lib/domain/proposal/stages';
import type { Database } from '../../src/lib/server/db/client';
import {
	boards,
	collabDocuments,
	participants,
	priorityWeights,
	processes,
	proposalBranches,
	proposalEvents,
	proposalRatings,
	proposalServices,
	proposals,
	workshops
} from '../../src/lib/server/db/schema/index';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { describe as describeRows, rank } from '../../src/lib/server/review/ranking';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';

// Issue 7, the demo data set's year of history (`npm run demo`): what a new user sees is a living
// system — and the managers' review e2e test stands on it, so its promises are pinned here.

const VOTED = 'Biblioteche di condominio nelle case ALER di Niguarda';
const RATED = 'Uno scaffale di condominio in via Livigno';
const YEAR = 366 * 86_400_000;

async function counts(db: Database) {
	const n = async (table: Parameters<ReturnType<Database['select']>['from']>[0]) =>
		Number((await db.select({ n: count() }).from(table))[0]!.n);
	return {
		processes: await n(processes),
		workshops: await n(workshops),
		participants: await n(participants),
		boards: await n(boards),
		proposals: await n(proposals),
		events: await n(proposalEvents),
		ratings: await n(proposalRatings),
		weights: await n(priorityWeights),
		documents: await n(collabDocuments)
	};
}

describe.each(databaseKinds)('the demo history on %s', (kind) => {
	let test: TestDatabase;
	let db: Database;

	beforeAll(async () => {
		test = await createTestDatabase(kind);
		db = test.handle.db;
	});
	afterAll(() => test?.dispose());

	it('leaves the bare demo bare, and adds the history to it once', async () => {
		expect(await seedDemo(db)).toEqual({ created: true });
		const bare = await counts(db);
		expect(bare).toMatchObject({ processes: 1, workshops: 1, proposals: 0, weights: 0 });
		expect(await seedDemo(db, { history: true })).toEqual({ created: false });
		const full = await counts(db);
		expect(full.processes).toBe(6);
		expect(full.workshops).toBe(11);
		expect(full.proposals).toBe(16);
		expect(full.weights).toBe(2);
		expect(full.participants).toBeGreaterThan(100);
		await seedDemo(db, { history: true });
		expect(await counts(db)).toEqual(full);
	});

	it('has proposals in every stage, each tied to branches and services, its timeline ending where it is', async () => {
		const rows = await db
			.select({
				id: proposals.id,
				title: proposals.title,
				stage: proposals.stage,
				plan: proposals.plan,
				evaluation: proposals.evaluation,
				createdAt: proposals.createdAt
			})
			.from(proposals);
		expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(STAGES));
		for (const row of rows) {
			const [b] = await db
				.select({ n: count() })
				.from(proposalBranches)
				.where(eq(proposalBranches.proposalId, row.id));
			const [s] = await db
				.select({ n: count() })
				.from(proposalServices)
				.where(eq(proposalServices.proposalId, row.id));
			expect(Number(b!.n), row.title).toBeGreaterThan(0);
			expect(Number(s!.n), row.title).toBeGreaterThan(0);
			const events = await db
				.select({
					kind: proposalEvents.kind,
					toStage: proposalEvents.toStage,
					at: proposalEvents.at
				})
				.from(proposalEvents)
				.where(eq(proposalEvents.proposalId, row.id))
				.orderBy(asc(proposalEvents.at));
			expect(events[0]!.kind, row.title).toBe('created');
			const last = events.filter((e) => e.kind !== 'merged-in').at(-1)!;
			expect(last.toStage, row.title).toBe(row.stage);
			if (['prototyping', 'evaluating', 'adopted'].includes(row.stage))
				expect(row.plan, row.title).not.toBeNull();
			if (row.stage === 'adopted') expect(row.evaluation?.decision, row.title).toBe('adopt');
			expect(Date.now() - new Date(row.createdAt).getTime()).toBeLessThan(YEAR);
		}
		const ratings = await db.select().from(proposalRatings);
		for (const r of ratings)
			for (const v of [r.impact, r.feasibility, r.cost]) expect(v >= 1 && v <= 5).toBe(true);
	});

	it('keeps its boards as live documents holding the notes the proposals came from', async () => {
		const [voted] = await db
			.select({ provenance: proposals.provenance })
			.from(proposals)
			.where(eq(proposals.title, VOTED));
		expect(voted!.provenance).toMatchObject({ votes: 24, paperVotes: 3, participants: 16 });
		expect(voted!.provenance.cluster?.label).toBe('Biblioteche di condominio');
		const [stored] = await db
			.select({ snapshot: collabDocuments.snapshot })
			.from(collabDocuments)
			.where(eq(collabDocuments.name, `board:${voted!.provenance.boardId}`));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored!.snapshot);
		const notes = doc.getMap('notes').toJSON() as Record<string, { text: string }>;
		for (const note of voted!.provenance.notes) expect(notes[note.id]?.text).toBe(note.text);
		const [documents] = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(collabDocuments)
			.where(sql`${collabDocuments.name} like 'board:%'`);
		expect(Number(documents!.n)).toBe(12);
	});

	it('ranks the Municipio 9 condominium pair as the review test expects, under both weightings', async () => {
		const filters = { ...EMPTY_FILTERS, municipi: [9], services: ['biblioteche-condominio'] };
		const titles = async (result: Awaited<ReturnType<typeof rank>>) =>
			result.ok ? (await describeRows(db, result.rows, 'it', 1)).map((r) => r.title) : [];
		const byDefault = await rank(db, filters, { timeZone: 'Europe/Rome' });
		expect(await titles(byDefault)).toEqual([VOTED, RATED]);
		const impactOnly = await rank(db, filters, {
			timeZone: 'Europe/Rome',
			weights: { votes: 0, supports: 0, impact: 10, feasibility: 0, cost: 0, reach: 0 }
		});
		expect(await titles(impactOnly)).toEqual([RATED, VOTED]);
	});
});
