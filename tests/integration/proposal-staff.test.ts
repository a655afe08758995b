import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import { paperVotes, votes } from '../../src/lib/server/db/schema/index';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

// The staff side of proposals (issue 6): `GET /api/boards/<boardId>/proposals` (what of a board
// became a proposal, for the live room's badges), the workshop page's ranked candidates, the
// `/staff/proposals` list by stage, and the proposal page's `save` action (edit.ts).

interface Prepared {
	workshopId: string;
	boardId: string;
	facilitator: string;
	otherFacilitator: string;
	manager: string;
}

describe.each(databaseKinds)('the staff side of proposals on %s', (kind) => {
	let site: Site<Prepared>;
	let residentToken: string;
	const keys = {} as Record<'locker' | 'evening' | 'comics', string>;
	let proposalId = '';

	beforeAll(async () => {
		site = await startSite(kind, {
			env: { COLLAB_FLUSH_MS: '10' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const { create } = await import('../../src/lib/server/staff/users');
				await create(db, {
					email: 'altra@example.org',
					name: 'Altra Facilitatrice',
					role: 'facilitator',
					password: 'una-password-lunga'
				});
				return {
					workshopId,
					boardId: (await demoBoards(db, workshopId)).open,
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					otherFacilitator: await staffToken(db, 'altra@example.org'),
					manager: await staffToken(db, 'responsabile@example.org')
				};
			}
		});
		const joined = await fetch(`${site.url}/api/workshops/CASA42/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Giulia' })
		});
		residentToken = /piazza_session=([^;]+)/.exec(joined.headers.get('set-cookie') ?? '')![1]!;
		const authorId = ((await joined.json()) as { participantId: string }).participantId;
		for (const name of ['locker', 'evening', 'comics'] as const) keys[name] = noteKey(authorId);

		// Three notes, two of them grouped; dots: the group 2 + 3 (paper), the loose note 1.
		const boardId = site.prepared.boardId;
		const writer = await connect(site.url, `board:${boardId}`, residentToken);
		const staff = await connect(site.url, `board:${boardId}`, site.prepared.facilitator);
		try {
			const notes = writer.doc.getMap('notes');
			notes.set(keys.locker, noteOf(authorId, 'Giulia', 'Armadietti per ritirare i libri la sera'));
			notes.set(keys.evening, noteOf(authorId, 'Giulia', 'Ritiro prestiti dopo il lavoro'));
			notes.set(keys.comics, noteOf(authorId, 'Giulia', 'Più fumetti per ragazzi'));
			await until(staff.doc, (d) => d.getMap('notes').size >= 3);
			staff.doc.transact(() => {
				staff.doc
					.getMap('clusters')
					.set('c-ritiro', { label: 'Ritiro fuori orario', x: 0, y: 0, colour: 'teal' });
				staff.doc.getMap('layout').set(keys.locker, { x: 0, y: 0, clusterId: 'c-ritiro' });
				staff.doc.getMap('layout').set(keys.evening, { x: 0, y: 0, clusterId: 'c-ritiro' });
			});
			await until(writer.doc, (d) => d.getMap('layout').size >= 2);
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
	});
	afterAll(() => site?.stop());

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

	function as(token: string | null, language = 'it') {
		const client = new Client(site.url, { 'accept-language': language });
		if (token) client.cookies.set('piazza_session', token);
		return client;
	}

	const promoted = async (token: string | null, boardId = site.prepared.boardId) => {
		const response = await as(token).fetch(`/api/boards/${boardId}/proposals`);
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};

	it('lists no promoted item before a promotion, and hides the board from who may not see it', async () => {
		expect(await promoted(site.prepared.facilitator)).toEqual({
			status: 200,
			body: { promoted: [] }
		});
		for (const token of [site.prepared.otherFacilitator, residentToken, null]) {
			const answer = await promoted(token);
			expect(answer.status).toBe(404);
			expect(answer.body).toMatchObject({ error: 'board_not_found' });
		}
		expect((await promoted(site.prepared.manager, 'not-a-board')).status).toBe(404);
		expect(
			(await promoted(site.prepared.manager, '00000000-0000-4000-8000-000000000000')).status
		).toBe(404);
	});

	it('ranks the workshop’s candidates by their dots, the group with its notes’ dots', async () => {
		const page = await as(site.prepared.facilitator).fetch(
			`/staff/workshops/${site.prepared.workshopId}`
		);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Dalle idee alle proposte');
		const group = html.indexOf('Ritiro fuori orario');
		const evening = html.indexOf('Ritiro prestiti dopo il lavoro');
		const comics = html.indexOf('Più fumetti per ragazzi');
		// 5 dots (2 + 3 from paper) for the group, 3 and 2 for its notes, 1 for the loose one.
		expect(group).toBeGreaterThan(-1);
		expect(group).toBeLessThan(evening);
		expect(evening).toBeLessThan(comics);
		expect(html).toContain('Promuovi a proposta');
	});

	it('shows the promoted group and its notes as a proposal, read from the database', async () => {
		const created = await as(site.prepared.facilitator).post('/api/proposals', {
			title: 'Ritiro fuori orario',
			problem: 'Chi lavora non riesce a ritirare i prestiti.',
			source: { boardId: site.prepared.boardId, clusterId: 'c-ritiro' },
			branchIds: [],
			serviceSlugs: []
		});
		expect(created.status).toBe(201);
		proposalId = ((await created.json()) as { id: string }).id;

		const answer = await promoted(site.prepared.manager);
		expect(answer.status).toBe(200);
		const items = answer.body.promoted as { itemId: string; proposalId: string; stage: string }[];
		expect(items.map((i) => i.itemId).sort()).toEqual(
			['c-ritiro', keys.locker, keys.evening].sort()
		);
		expect(items.every((i) => i.proposalId === proposalId && i.stage === 'proposed')).toBe(true);

		const page = await as(site.prepared.facilitator).fetch(
			`/staff/workshops/${site.prepared.workshopId}`
		);
		expect(await page.text()).toContain(`/staff/proposals/${proposalId}`);
	});

	it('lists proposals by stage for who may see them, newest change first', async () => {
		const list = async (token: string, query = '') =>
			(await as(token).fetch(`/staff/proposals${query}`)).text();
		expect(await list(site.prepared.manager)).toContain('Ritiro fuori orario');
		expect(await list(site.prepared.facilitator)).toContain('Ritiro fuori orario');
		// A facilitator of other workshops sees what they carry, nothing else.
		expect(await list(site.prepared.otherFacilitator)).not.toContain('Ritiro fuori orario');
		expect(await list(site.prepared.manager, '?stage=adopted')).not.toContain(
			'Ritiro fuori orario'
		);
		expect(await list(site.prepared.manager, '?stage=proposed')).toContain('Ritiro fuori orario');
		// An unknown stage is no filter at all.
		expect(await list(site.prepared.manager, '?stage=%27%20OR%201%3D1--')).toContain(
			'Ritiro fuori orario'
		);
		const signedOut = await as(null).fetch('/staff/proposals');
		expect(signedOut.status).toBe(303);
	});

	it('saves the fields from the page’s form, and refuses bad ones in the person’s language', async () => {
		const path = `/staff/proposals/${proposalId}?/save`;
		const before = await (
			await as(site.prepared.manager).fetch(`/api/proposals/${proposalId}`)
		).json();
		const refused = await as(site.prepared.manager).postForm(path, [
			['title', '   '],
			['problem', 'Chi lavora non riesce a ritirare i prestiti.'],
			['targetGroups', ''],
			['tags', ''],
			['ownerId', '']
		]);
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('Campo obbligatorio.');
		const inEnglish = await as(site.prepared.manager, 'en').postForm(path, [
			['title', ''],
			['ownerId', '']
		]);
		expect(inEnglish.status).toBe(400);
		expect(await inEnglish.text()).toContain('Required.');
		const unchanged = await (
			await as(site.prepared.manager).fetch(`/api/proposals/${proposalId}`)
		).json();
		expect(unchanged).toEqual(before);

		const all = (await (await as(null).fetch('/api/branches')).json()) as {
			id: string;
			slug: string;
		}[];
		const niguarda = all.find((b) => b.slug === 'niguarda')!.id;
		const dergano = all.find((b) => b.slug === 'dergano')!.id;
		const saved = await as(site.prepared.manager).postForm(path, [
			['title', 'Armadietti per il ritiro serale'],
			['problem', 'Chi lavora non riesce a ritirare i prestiti.'],
			['branchIds', niguarda],
			['branchIds', dergano],
			['serviceSlugs', 'smart-locker'],
			['targetGroups', 'Chi lavora, studenti'],
			['tags', 'orari'],
			['ownerId', '']
		]);
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain('Modifiche salvate.');
		const after = (await (
			await as(site.prepared.manager).fetch(`/api/proposals/${proposalId}`)
		).json()) as Record<string, unknown> & {
			branches: { slug: string }[];
			services: { slug: string }[];
			timeline: { kind: string; fields: string[] | null }[];
		};
		expect(after).toMatchObject({
			title: 'Armadietti per il ritiro serale',
			targetGroups: ['Chi lavora', 'studenti'],
			tags: ['orari'],
			owner: null
		});
		expect(after.branches.map((b) => b.slug).sort()).toEqual(['dergano', 'niguarda']);
		expect(after.services.map((s) => s.slug)).toEqual(['smart-locker']);
		expect(after.timeline.at(-1)).toMatchObject({ kind: 'edited' });
		expect(after.timeline.at(-1)!.fields).toEqual(
			expect.arrayContaining(['title', 'branchIds', 'serviceSlugs', 'tags', 'ownerId'])
		);
	});

	it('refuses the form to staff who may not edit the proposal, changing nothing', async () => {
		const response = await as(site.prepared.otherFacilitator).postForm(
			`/staff/proposals/${proposalId}?/save`,
			[
				['title', 'Preso da altri'],
				['ownerId', '']
			]
		);
		// Refused, and the page the form would show again is not theirs to see (case 36): 404.
		expect(response.status).toBe(404);
		const after = (await (await as(null).fetch(`/api/proposals/${proposalId}`)).json()) as {
			title: string;
		};
		expect(after.title).toBe('Armadietti per il ritiro serale');
	});

	it('answers 404 for a proposal page that does not exist', async () => {
		for (const id of ['nope', '00000000-0000-4000-8000-000000000000'])
			expect((await as(site.prepared.manager).fetch(`/staff/proposals/${id}`)).status).toBe(404);
		const page = await as(site.prepared.manager).fetch(`/staff/proposals/${proposalId}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Da dove nasce');
		expect(html).toContain('Ritiro prestiti dopo il lavoro');
	});
});
