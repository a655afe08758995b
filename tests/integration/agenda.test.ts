import { asc, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../src/lib/domain/workshop/agenda';
import * as controlDoc from '../../src/lib/domain/workshop/control-doc';
import * as templates from '../../src/lib/domain/workshop/templates';
import type { Locale, TemplateId } from '../../src/lib/domain/workshop/templates';
import type { Database } from '../../src/lib/server/db/client';
import { activities, boards, workshopFacilitators } from '../../src/lib/server/db/schema/index';
import * as users from '../../src/lib/server/staff/users';
import { connect } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { DEMO } from '../helpers/staff';
import { addWorkshop, participantToken, staffToken } from '../helpers/workshops';

/**
 * Building a workshop's agenda from the staff page (form actions, as a browser without JavaScript
 * posts them) against the production server: a template makes its boards and activities in order,
 * the boards' documents carry the template's sections, the control document lists the agenda, and
 * every refusal changes nothing.
 */

const CASES: { template: TemplateId; locale: Locale; code: string }[] = [
	{ template: 'design-thinking', locale: 'it', code: 'AGDT2T' },
	{ template: 'design-thinking', locale: 'en', code: 'AGDT3E' },
	{ template: 'biblioteca-che-vorrei', locale: 'it', code: 'AGBV4T' },
	{ template: 'biblioteca-che-vorrei', locale: 'en', code: 'AGBV5E' }
];

interface Prepared {
	/** One empty workshop of the demo facilitator per case, by code. */
	byCode: Record<string, string>;
	/** An empty workshop for adding activities one at a time. */
	single: string;
	facilitatorToken: string;
	otherFacilitatorToken: string;
	residentToken: string;
}

async function prepare(db: Database): Promise<Prepared> {
	const facilitator = (await users.findByEmail(db, DEMO.facilitator))!;
	const byCode: Record<string, string> = {};
	for (const { code } of CASES) {
		const id = await addWorkshop(db, { code, title: `Agenda ${code}`, status: 'draft' });
		await db.insert(workshopFacilitators).values({ workshopId: id, userId: facilitator.id });
		byCode[code] = id;
	}
	const single = await addWorkshop(db, { code: 'AGSN6K', title: 'Una per una', status: 'draft' });
	await db.insert(workshopFacilitators).values({ workshopId: single, userId: facilitator.id });

	const other = await users.create(db, {
		name: 'Giulia Altrove',
		email: 'giulia@example.org',
		role: 'facilitator',
		password: 'piazza-demo-altrove'
	});
	if (!other.ok) throw new Error('could not create the other facilitator');
	return {
		byCode,
		single,
		facilitatorToken: await staffToken(db, DEMO.facilitator),
		otherFacilitatorToken: await staffToken(db, 'giulia@example.org'),
		residentToken: await participantToken(db, single, 'Maria')
	};
}

/** A browser carrying the given session cookie, asking for pages in `language`. */
function browser(url: string, token: string, language: Locale = 'it'): Client {
	const client = new Client(url, { 'accept-language': language });
	client.cookies.set('piazza_session', token);
	return client;
}

describe.each(databaseKinds)('building an agenda on %s', (kind) => {
	let site: Site<Prepared>;
	let p: Prepared;

	beforeAll(async () => {
		site = await startSite(kind, { prepare, env: { COLLAB_FLUSH_MS: '10' } });
		p = site.prepared;
	});
	afterAll(async () => {
		await site?.stop();
	});

	/** The agenda as the workshop's control document shows it to everyone. */
	async function shownAgenda(workshopId: string): Promise<Activity[]> {
		const live = await connect(site.url, `control:${workshopId}`, p.facilitatorToken);
		try {
			return controlDoc.read(live.doc)?.agenda ?? [];
		} finally {
			live.destroy();
		}
	}

	/** A board's `meta` as the live-document server holds it. */
	async function boardMeta(boardId: string): Promise<Record<string, unknown>> {
		const live = await connect(site.url, `board:${boardId}`, p.facilitatorToken);
		try {
			return live.doc.getMap('meta').toJSON();
		} finally {
			live.destroy();
		}
	}

	describe.each(CASES)('the template $template in $locale', ({ template, locale, code }) => {
		const expected = templates.get(template, locale);

		it('makes its boards and activities in order, referring steps on the earlier board', async () => {
			const workshopId = p.byCode[code]!;
			const facilitator = browser(site.url, p.facilitatorToken, locale);
			const response = await facilitator.postForm(`/staff/workshops/${workshopId}?/applyTemplate`, [
				['template', template]
			]);
			expect(response.status).toBe(303);

			const agenda = await shownAgenda(workshopId);
			expect(agenda.map((a) => [a.kind, a.title])).toEqual(
				expected.activities.map((a) => [a.kind, a.title])
			);
			for (const [i, spec] of expected.activities.entries()) {
				const activity = agenda[i]!;
				if ('boardOf' in spec) {
					expect(activity.boardId).toBe(agenda[spec.boardOf]!.boardId);
				} else {
					const meta = await boardMeta(activity.boardId);
					expect(meta).toMatchObject({
						kind: spec.board.kind,
						prompt: spec.board.prompt,
						sections: spec.board.sections,
						persona: spec.board.persona
					});
				}
			}
			const page = await (await facilitator.fetch(`/staff/workshops/${workshopId}`)).text();
			for (const spec of expected.activities) expect(page).toContain(spec.title);
		});

		it('is refused on an agenda that is no longer empty, and changes nothing', async () => {
			const workshopId = p.byCode[code]!;
			const before = await shownAgenda(workshopId);
			const facilitator = browser(site.url, p.facilitatorToken, locale);
			const response = await facilitator.postForm(`/staff/workshops/${workshopId}?/applyTemplate`, [
				['template', template]
			]);
			expect(response.status).toBe(409);
			expect(await response.text()).toContain(
				locale === 'it' ? 'Il programma non è vuoto' : 'The agenda is not empty'
			);
			expect(await shownAgenda(workshopId)).toEqual(before);
		});
	});

	it('refuses a facilitator of another workshop and a resident, and changes nothing', async () => {
		const path = `/staff/workshops/${p.single}?/applyTemplate`;
		const stranger = browser(site.url, p.otherFacilitatorToken);
		const refused = await stranger.postForm(path, [['template', 'design-thinking']]);
		// The action refuses (403), and the page it would show is one they may not see.
		expect(refused.status).toBe(404);

		const resident = browser(site.url, p.residentToken);
		const sent = await resident.postForm(path, [['template', 'design-thinking']]);
		// Residents are sent to the staff sign-in, never to the workshop's page.
		expect(sent.status).toBe(303);
		expect(sent.headers.get('location')).toMatch(/^\/staff\/sign-in\b/);
		expect(await shownAgenda(p.single)).toEqual([]);
	});

	it('refuses an unknown template in the page language', async () => {
		const facilitator = browser(site.url, p.facilitatorToken, 'en');
		const response = await facilitator.postForm(`/staff/workshops/${p.single}?/applyTemplate`, [
			['template', 'mystery']
		]);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Unknown template.');
		expect(await shownAgenda(p.single)).toEqual([]);
	});

	it('adds single activities by the agenda rules', async () => {
		const facilitator = browser(site.url, p.facilitatorToken);
		const add = (fields: [string, string][]) =>
			facilitator.postForm(`/staff/workshops/${p.single}?/addActivity`, fields);

		const noBoard = await add([
			['kind', 'dot-voting'],
			['title', 'Votiamo'],
			['boardOf', '']
		]);
		expect(noBoard.status).toBe(409);
		expect(await noBoard.text()).toContain('attività precedente');

		const noTitle = await add([
			['kind', 'idea-wall'],
			['title', '   ']
		]);
		expect(noTitle.status).toBe(400);
		const noKind = await add([
			['kind', 'brainstorm'],
			['title', 'Idee']
		]);
		expect(noKind.status).toBe(400);
		expect(await noKind.text()).toContain('Scegli il tipo');
		expect(await shownAgenda(p.single)).toEqual([]);

		const wall = await add([
			['kind', 'idea-wall'],
			['title', '  Idee   per la sala studio '],
			['prompt', 'Come potremmo rendere la sala studio più accogliente?']
		]);
		expect(wall.status).toBe(303);
		const [first] = await shownAgenda(p.single);
		expect(first).toMatchObject({ kind: 'idea-wall', title: 'Idee per la sala studio' });
		expect(await boardMeta(first!.boardId)).toMatchObject({
			kind: 'idea-wall',
			prompt: 'Come potremmo rendere la sala studio più accogliente?',
			sections: []
		});

		const vote = await add([
			['kind', 'dot-voting'],
			['title', 'Votiamo'],
			['boardOf', first!.id]
		]);
		expect(vote.status).toBe(303);
		const agenda = await shownAgenda(p.single);
		expect(agenda.map((a) => [a.kind, a.boardId, a.voteOn])).toEqual([
			['idea-wall', first!.boardId, undefined],
			['dot-voting', first!.boardId, 'notes']
		]);

		// The agenda is no longer empty: no template on top of it.
		const template = await facilitator.postForm(`/staff/workshops/${p.single}?/applyTemplate`, [
			['template', 'biblioteca-che-vorrei']
		]);
		expect(template.status).toBe(409);
		expect(await shownAgenda(p.single)).toEqual(agenda);

		// A dot vote on the wall's clusters; a target that does not exist is refused in words.
		const wrongTarget = await add([
			['kind', 'dot-voting'],
			['title', 'Votiamo i gruppi'],
			['boardOf', first!.id],
			['voteOn', 'tutto']
		]);
		expect(wrongTarget.status).toBe(400);
		expect(await wrongTarget.text()).toContain('singole idee o su gruppi');
		expect(await shownAgenda(p.single)).toEqual(agenda);
		const onClusters = await add([
			['kind', 'dot-voting'],
			['title', 'Votiamo i gruppi'],
			['boardOf', first!.id],
			['voteOn', 'clusters']
		]);
		expect(onClusters.status).toBe(303);
		expect((await shownAgenda(p.single)).at(-1)).toMatchObject({
			kind: 'dot-voting',
			voteOn: 'clusters'
		});
	});

	it('stored it all in SQL: positions, board kinds and prompts, dot voting on notes', async () => {
		// Last: on PGlite, looking into the database stops the server.
		const rows = await site.inspect(async (db) => {
			const ids = [...Object.values(p.byCode), p.single];
			return {
				activities: await db
					.select()
					.from(activities)
					.where(inArray(activities.workshopId, ids))
					.orderBy(asc(activities.workshopId), asc(activities.position)),
				boards: await db.select().from(boards).where(inArray(boards.workshopId, ids))
			};
		});
		for (const { template, locale, code } of CASES) {
			const expected = templates.get(template, locale);
			const mine = rows.activities.filter((a) => a.workshopId === p.byCode[code]);
			expect(mine.map((a) => [a.position, a.kind, a.title])).toEqual(
				expected.activities.map((a, i) => [i, a.kind, a.title])
			);
			for (const activity of mine) {
				expect(activity.voteOn).toBe(activity.kind === 'dot-voting' ? 'notes' : null);
			}
			const made = rows.boards.filter((b) => b.workshopId === p.byCode[code]);
			const specs = expected.activities.flatMap((a) => ('board' in a ? [a.board] : []));
			expect(made.map((b) => [b.kind, b.prompt]).sort()).toEqual(
				specs.map((s) => [s.kind, s.prompt]).sort()
			);
		}
		expect(rows.boards.filter((b) => b.workshopId === p.single)).toHaveLength(1);
	});
});
