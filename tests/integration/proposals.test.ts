import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import {
	branches,
	paperVotes,
	proposalEvents,
	proposals,
	services,
	votes
} from '../../src/lib/server/db/schema/index';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';

// Contract (DESIGN.md §4): POST /api/proposals → 201 {"id"}; GET /api/proposals/<id> (public fields
// unless staff); POST /api/proposals/<id>/transitions {"to","note","plan"?,"evaluation"?,"intoId"?}
// → 200 {"stage"}, forbidden move 409, missing evidence 422. Added: PATCH /api/proposals/<id>.

interface Prepared {
	workshopId: string;
	boardId: string;
	dergano: string;
	niguarda: string;
	retiredBranch: string;
	facilitator: string;
	otherFacilitator: string;
	manager: string;
	resident: string;
}

const TODAY = new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
	new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(databaseKinds)('proposals on %s', (kind) => {
	let site: Site<Prepared>;
	let authorId: string;
	let authorToken: string;
	const keys = {} as Record<'locker' | 'evening' | 'comics' | 'hidden' | 'paper', string>;

	beforeAll(async () => {
		site = await startSite(kind, {
			env: { COLLAB_FLUSH_MS: '10' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const demo = await demoBoards(db, workshopId);
				const slug = async (s: string) =>
					(await db.select({ id: branches.id }).from(branches).where(eq(branches.slug, s)))[0]!.id;
				const retiredBranch = await slug('sormani');
				await db
					.update(branches)
					.set({ retiredAt: new Date() })
					.where(eq(branches.id, retiredBranch));
				await db
					.update(services)
					.set({ retiredAt: new Date() })
					.where(eq(services.slug, 'punti-prestito'));
				await addWorkshop(db, {
					code: 'BRERA9',
					title: 'Un altro laboratorio',
					status: 'live'
				});
				return {
					workshopId,
					boardId: demo.open,
					dergano: await slug('dergano'),
					niguarda: await slug('niguarda'),
					retiredBranch,
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					otherFacilitator: await otherFacilitatorToken(db),
					manager: await staffToken(db, 'responsabile@example.org'),
					resident: await participantToken(db, workshopId, 'Ospite')
				};
			}
		});
		const joined = await fetch(`${site.url}/api/workshops/CASA42/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Giulia' })
		});
		authorToken = /piazza_session=([^;]+)/.exec(joined.headers.get('set-cookie') ?? '')![1]!;
		authorId = ((await joined.json()) as { participantId: string }).participantId;
		for (const name of ['locker', 'evening', 'comics', 'hidden'] as const)
			keys[name] = noteKey(authorId);
		keys.paper = 'paper:fogliouno';
		await prepareBoard();
	});
	afterAll(() => site?.stop());

	/** Another facilitator account, who runs no workshop here. */
	async function otherFacilitatorToken(db: Database) {
		const { create } = await import('../../src/lib/server/staff/users');
		await create(db, {
			email: 'altra@example.org',
			name: 'Altra Facilitatrice',
			role: 'facilitator',
			password: 'una-password-lunga'
		});
		return staffToken(db, 'altra@example.org');
	}

	/** Giulia's notes, a paper note, a cluster of two, a hidden note, and some dots on them. */
	async function prepareBoard() {
		const boardId = site.prepared.boardId;
		const writer = await connect(site.url, `board:${boardId}`, authorToken);
		const staff = await connect(site.url, `board:${boardId}`, site.prepared.facilitator);
		try {
			const texts = {
				locker: 'Armadietti per ritirare i libri la sera',
				evening: 'Ritiro prestiti dopo il lavoro',
				comics: 'Più fumetti per ragazzi',
				hidden: 'testo fuori tema'
			};
			for (const [name, text] of Object.entries(texts))
				writer.doc
					.getMap('notes')
					.set(keys[name as keyof typeof texts], noteOf(authorId, 'Giulia', text));
			await until(staff.doc, (d) => d.getMap('notes').size >= 4);
			staff.doc.transact(() => {
				staff.doc.getMap('notes').set(keys.paper, {
					authorId: 'paper',
					authorName: 'Dal foglio',
					text: 'Aperti la domenica',
					section: null,
					colour: 'yellow',
					createdAt: Date.now(),
					fromPaper: true
				});
				staff.doc.getMap('clusters').set('c-ritiro', {
					label: 'Ritiro fuori orario',
					x: 0,
					y: 0,
					colour: 'blue'
				});
				staff.doc.getMap('layout').set(keys.locker, { x: 0, y: 0, clusterId: 'c-ritiro' });
				staff.doc.getMap('layout').set(keys.evening, { x: 0, y: 0, clusterId: 'c-ritiro' });
				staff.doc.getMap('moderation').set(keys.hidden, { hidden: true, reason: 'fuori tema' });
			});
			await until(writer.doc, (d) => d.getMap('moderation').has(keys.hidden));
		} finally {
			writer.destroy();
			staff.destroy();
		}
		await inDatabase(async (db) => {
			await db.insert(votes).values([
				{ boardId, participantId: authorId, itemId: keys.locker, count: 2 },
				{ boardId, participantId: authorId, itemId: keys.comics, count: 1 }
			]);
			await db.insert(paperVotes).values({ boardId, itemId: keys.evening, count: 3 });
		});
	}

	function until(doc: Y.Doc, ready: (doc: Y.Doc) => boolean): Promise<void> {
		return new Promise((resolve) => {
			const check = () => {
				if (!ready(doc)) return;
				doc.off('update', check);
				resolve();
			};
			doc.on('update', check);
			check();
		});
	}

	async function inDatabase<R>(fn: (db: Database) => Promise<R>): Promise<R> {
		const result = await site.inspect(fn);
		if (kind === 'pglite') await site.restart();
		return result;
	}

	async function call(
		method: 'GET' | 'POST' | 'PATCH',
		path: string,
		token: string | null,
		body?: unknown,
		language = 'it'
	) {
		const headers: Record<string, string> = { 'accept-language': language };
		if (token) headers.cookie = `piazza_session=${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${site.url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		// The answers are read field by field below; their shapes are what the tests assert.
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		return { status: response.status, body: (await response.json()) as Record<string, any> };
	}

	const promote = (token: string | null, body: Record<string, unknown>) =>
		call('POST', '/api/proposals', token, {
			title: 'Ritiro fuori orario',
			problem: 'Chi lavora non riesce a ritirare i prestiti.',
			source: { boardId: site.prepared.boardId, clusterId: 'c-ritiro' },
			branchIds: [],
			serviceSlugs: [],
			...body
		});

	const move = (id: string, body: Record<string, unknown>, token = site.prepared.manager) =>
		call('POST', `/api/proposals/${id}/transitions`, token, body);

	const plan = () => ({
		pilotBranchId: site.prepared.niguarda,
		startsOn: TODAY,
		endsOn: inDays(90),
		hypothesis: 'Un armadietto fuori orario fa ritirare più prestiti a chi lavora.',
		measures: [{ what: 'Prestiti ritirati dopo le 19', threshold: 'almeno 40 al mese' }]
	});

	it('promotes a cluster, keeping its notes, their dots and the people in the room', async () => {
		const created = await promote(site.prepared.facilitator, {
			branchIds: [site.prepared.niguarda],
			serviceSlugs: ['smart-locker'],
			targetGroups: ['Chi lavora']
		});
		expect(created.status).toBe(201);
		const id = created.body.id as string;

		const seen = await call('GET', `/api/proposals/${id}`, null);
		expect(seen.status).toBe(200);
		expect(seen.body).toMatchObject({
			title: 'Ritiro fuori orario',
			stage: 'proposed',
			targetGroups: ['Chi lavora'],
			branches: [{ id: site.prepared.niguarda, slug: 'niguarda' }],
			services: [{ slug: 'smart-locker' }],
			provenance: {
				workshopId: site.prepared.workshopId,
				cluster: { id: 'c-ritiro', label: 'Ritiro fuori orario' },
				votes: 5,
				paperVotes: 3
			}
		});
		expect(seen.body.provenance.participants).toBeGreaterThanOrEqual(2);
		expect(seen.body.provenance.notes).toEqual([
			{
				text: 'Armadietti per ritirare i libri la sera',
				authorName: 'Giulia',
				fromPaper: false
			},
			{
				text: 'Ritiro prestiti dopo il lavoro',
				authorName: 'Giulia',
				fromPaper: false
			}
		]);
		// The public answer names nobody by id, and keeps staff fields to staff.
		expect(JSON.stringify(seen.body)).not.toContain(authorId);
		expect(seen.body).not.toHaveProperty('tags');
		expect(seen.body.timeline).toMatchObject([
			{ kind: 'created', to: 'proposed', actorName: 'Marco Bassi' }
		]);

		const asStaff = await call('GET', `/api/proposals/${id}`, site.prepared.manager);
		expect(asStaff.body).toMatchObject({ tags: [], mayEdit: true, mayMove: true });
		const asFacilitator = await call('GET', `/api/proposals/${id}`, site.prepared.facilitator);
		expect(asFacilitator.body).toMatchObject({ mayEdit: true, mayMove: false });
	});

	it('keeps the provenance when the board changes afterwards', async () => {
		const created = await promote(site.prepared.facilitator, {
			title: 'Domenica aperti',
			source: { boardId: site.prepared.boardId, noteIds: [keys.paper, keys.comics] }
		});
		expect(created.status).toBe(201);
		const writer = await connect(site.url, `board:${site.prepared.boardId}`, authorToken);
		writer.doc
			.getMap('notes')
			.set(keys.comics, noteOf(authorId, 'Giulia', 'Testo cambiato dopo il laboratorio'));
		await new Promise((r) => setTimeout(r, 200));
		writer.destroy();
		const seen = await call('GET', `/api/proposals/${created.body.id}`, null);
		expect(seen.body.provenance.notes.map((n: { text: string }) => n.text)).toEqual([
			'Aperti la domenica',
			'Più fumetti per ragazzi'
		]);
		expect(seen.body.provenance.notes[0]).toMatchObject({ fromPaper: true });
		// With no branch named, it starts at the workshop's own library.
		expect(seen.body.branches).toMatchObject([{ slug: 'dergano' }]);
	});

	it('refuses promotions from the wrong people and of the wrong things, storing nothing', async () => {
		const before = await countProposals();
		const cases: [string | null, Record<string, unknown>, number, string][] = [
			[null, {}, 403, 'forbidden'],
			[site.prepared.resident, {}, 403, 'forbidden'],
			[site.prepared.otherFacilitator, {}, 403, 'forbidden'],
			[
				site.prepared.facilitator,
				{ source: { boardId: site.prepared.boardId, noteIds: [keys.hidden] } },
				400,
				'note_hidden'
			],
			[
				site.prepared.facilitator,
				{ source: { boardId: site.prepared.boardId, noteIds: [`${authorId}:inventata`] } },
				400,
				'note_not_found'
			],
			[
				site.prepared.facilitator,
				{ source: { boardId: site.prepared.boardId, clusterId: 'c-nessuno' } },
				400,
				'cluster_not_found'
			],
			[
				site.prepared.facilitator,
				{ source: { boardId: site.prepared.boardId } },
				400,
				'source_required'
			],
			[site.prepared.facilitator, { source: 'board' }, 400, 'invalid_source'],
			[
				site.prepared.facilitator,
				{ branchIds: [site.prepared.retiredBranch] },
				400,
				'branch_retired'
			],
			[site.prepared.facilitator, { serviceSlugs: ['punti-prestito'] }, 400, 'service_retired'],
			[site.prepared.facilitator, { serviceSlugs: ['teletrasporto'] }, 400, 'service_unknown'],
			[site.prepared.facilitator, { title: '' }, 400, 'invalid'],
			[
				site.prepared.manager,
				{ source: { boardId: '00000000-0000-4000-8000-000000000000', clusterId: 'c' } },
				404,
				'board_not_found'
			]
		];
		for (const [token, body, status, error] of cases) {
			const answer = await promote(token, body);
			expect([answer.status, answer.body.error], JSON.stringify(body)).toEqual([status, error]);
			expect(answer.body.message).toEqual(expect.any(String));
		}
		const invalid = await promote(site.prepared.facilitator, { title: 'x'.repeat(201) });
		expect(invalid.body.fields).toEqual({ title: 'Troppo lungo.' });
		expect(await countProposals()).toBe(before);
	});

	async function countProposals() {
		return inDatabase(async (db) => {
			const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(proposals);
			return row!.n;
		});
	}

	it('moves a proposal through every stage with its evidence, and records each move', async () => {
		const id = (await promote(site.prepared.facilitator, {})).body.id as string;
		// Not before it says where and what.
		expect(await move(id, { to: 'shortlisted' })).toMatchObject({
			status: 422,
			body: { error: 'needs_branch_and_service' }
		});
		const patched = await call('PATCH', `/api/proposals/${id}`, site.prepared.facilitator, {
			branchIds: [site.prepared.dergano, site.prepared.niguarda],
			serviceSlugs: ['smart-locker']
		});
		expect(patched).toEqual({ status: 200, body: { changed: ['branchIds', 'serviceSlugs'] } });

		expect(await move(id, { to: 'shortlisted', note: 'Tra le cinque più votate.' })).toEqual({
			status: 200,
			body: { stage: 'shortlisted' }
		});
		// The facilitator edits but does not decide.
		expect(
			(await move(id, { to: 'prototyping', plan: plan() }, site.prepared.facilitator)).status
		).toBe(403);
		expect(await move(id, { to: 'prototyping' })).toMatchObject({
			status: 422,
			body: { error: 'plan_required' }
		});
		expect(await move(id, { to: 'prototyping', plan: plan() })).toMatchObject({
			status: 200,
			body: { stage: 'prototyping' }
		});
		expect(await move(id, { to: 'adopted' })).toMatchObject({
			status: 409,
			body: {
				error: 'skips_stage',
				message: 'Da «In prova» non si passa a «Adottata»: le fasi si percorrono in ordine.'
			}
		});
		expect((await move(id, { to: 'evaluating' })).status).toBe(200);
		expect(await move(id, { to: 'adopted', evaluation: { results: [] } })).toMatchObject({
			status: 422,
			body: { error: 'evaluation_results' }
		});
		expect(
			await move(id, {
				to: 'adopted',
				note: 'Diventa un servizio.',
				evaluation: {
					results: [{ observed: '52 al mese', met: true }],
					feedback: 'Comodo; manca un cartello.',
					decision: 'adopt',
					why: 'Soglia superata in tre mesi.'
				}
			})
		).toEqual({ status: 200, body: { stage: 'adopted' } });

		const seen = await call('GET', `/api/proposals/${id}`, null, undefined, 'en');
		expect(seen.body.stage).toBe('adopted');
		expect(seen.body.plan).toMatchObject({ pilotBranchId: site.prepared.niguarda });
		expect(seen.body.evaluation).toMatchObject({
			decision: 'adopt',
			results: [{ what: 'Prestiti ritirati dopo le 19', observed: '52 al mese', met: true }]
		});
		expect(
			seen.body.timeline.map((e: { kind: string; from: string | null; to: string | null }) => [
				e.kind,
				e.from,
				e.to
			])
		).toEqual([
			['created', null, 'proposed'],
			['edited', null, null],
			['stage', 'proposed', 'shortlisted'],
			['stage', 'shortlisted', 'prototyping'],
			['stage', 'prototyping', 'evaluating'],
			['stage', 'evaluating', 'adopted']
		]);
		expect(seen.body.timeline[2]).toMatchObject({
			note: 'Tra le cinque più votate.',
			actorName: expect.any(String)
		});
	});

	it('archives only with a public reason, and then changes no more', async () => {
		const id = (await promote(site.prepared.facilitator, {})).body.id as string;
		expect(await move(id, { to: 'archived' })).toMatchObject({
			status: 422,
			body: { error: 'reason_required' }
		});
		expect((await move(id, { to: 'archived', note: 'Già coperto dal Bibliobus.' })).status).toBe(
			200
		);
		expect((await call('GET', `/api/proposals/${id}`, null)).body.archivedReason).toBe(
			'Già coperto dal Bibliobus.'
		);
		expect(await move(id, { to: 'shortlisted' })).toMatchObject({
			status: 409,
			body: { error: 'final_stage' }
		});
		expect(
			(await call('PATCH', `/api/proposals/${id}`, site.prepared.manager, { title: 'Nuovo' }))
				.status
		).toBe(409);
	});

	it('merges into another proposal still in play, never into itself or a merged one', async () => {
		const a = (await promote(site.prepared.facilitator, { title: 'A' })).body.id as string;
		const b = (await promote(site.prepared.facilitator, { title: 'B' })).body.id as string;
		const c = (await promote(site.prepared.facilitator, { title: 'C' })).body.id as string;
		expect(await move(a, { to: 'merged', intoId: a })).toMatchObject({
			status: 422,
			body: { error: 'merge_into_itself' }
		});
		expect(await move(a, { to: 'merged' })).toMatchObject({
			status: 422,
			body: { error: 'merge_target_required' }
		});
		expect(
			await move(a, { to: 'merged', intoId: '00000000-0000-4000-8000-000000000000' })
		).toMatchObject({ status: 422, body: { error: 'merge_target_missing' } });
		expect(await move(a, { to: 'merged', intoId: b, note: 'Stessa idea.' })).toEqual({
			status: 200,
			body: { stage: 'merged' }
		});
		expect(await move(c, { to: 'merged', intoId: a })).toMatchObject({
			status: 422,
			body: { error: 'merge_target_final' }
		});
		const target = await call('GET', `/api/proposals/${b}`, null);
		expect(target.body.mergedFrom).toEqual([{ id: a, title: 'A' }]);
		expect(target.body.timeline.at(-1)).toMatchObject({
			kind: 'merged-in',
			other: { id: a, title: 'A' }
		});
		expect((await call('GET', `/api/proposals/${a}`, null)).body.mergedInto).toEqual({
			id: b,
			title: 'B'
		});
	});

	it('serves two managers moving the same proposal at once one after the other', async () => {
		const id = (await promote(site.prepared.facilitator, { serviceSlugs: ['smart-locker'] })).body
			.id as string;
		const answers = await Promise.all([
			move(id, { to: 'shortlisted' }),
			move(id, { to: 'shortlisted' })
		]);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
		const seen = await call('GET', `/api/proposals/${id}`, null);
		expect(seen.body.timeline.filter((e: { kind: string }) => e.kind === 'stage')).toHaveLength(1);
	});

	it('refuses edits from a participant or a facilitator of another workshop, and bad fields', async () => {
		const id = (await promote(site.prepared.facilitator, {})).body.id as string;
		for (const token of [null, site.prepared.resident, authorToken, site.prepared.otherFacilitator])
			expect((await call('PATCH', `/api/proposals/${id}`, token, { title: 'Mia' })).status).toBe(
				403
			);
		expect(
			await call('PATCH', `/api/proposals/${id}`, site.prepared.facilitator, {
				serviceSlugs: ['punti-prestito'],
				branchIds: ['dergano']
			})
		).toMatchObject({
			status: 400,
			body: {
				error: 'invalid',
				fields: { serviceSlugs: expect.any(String), branchIds: expect.any(String) }
			}
		});
		expect((await call('GET', `/api/proposals/${id}`, null)).body.title).toBe(
			'Ritiro fuori orario'
		);
		expect((await call('GET', '/api/proposals/not-a-uuid', null)).status).toBe(404);
	});

	it('keeps the history append-only in the database itself', async () => {
		await inDatabase(async (db) => {
			await expect(db.update(proposalEvents).set({ note: 'riscritto' })).rejects.toThrow();
			const [row] = await db
				.select({ n: sql<number>`count(*)::int` })
				.from(proposalEvents)
				.where(eq(proposalEvents.note, 'riscritto'));
			expect(row!.n).toBe(0);
		});
	});
});
