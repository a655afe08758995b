// @vitest-environment jsdom
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	branches,
	processes,
	proposalBranches,
	proposalEvents,
	proposalServices,
	proposals,
	services,
	users,
	workshops
} from '../../src/lib/server/db/schema/index';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { bareProvenance } from '../helpers/proposals';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { staffToken } from '../helpers/workshops';

// Issue 7, bulk actions of the managers' review (`/staff/review`, action `bulk`): several
// proposals shortlisted or archived at once, each through the stage rules on its own, as a
// browser without JavaScript posts the form; the answer is read from the page it gets back.

interface Prepared {
	processId: string;
	ids: Record<'ready' | 'unplaced' | 'adopted' | 'evaluating', string>;
	manager: string;
	facilitator: string;
}

describe.each(databaseKinds)('bulk actions of the review on %s', (kind) => {
	let site: Site<Prepared>;

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => {
				const [manager] = await db
					.select({ id: users.id })
					.from(users)
					.where(eq(users.email, 'responsabile@example.org'));
				const [process] = await db
					.insert(processes)
					.values({ title: 'Azioni in blocco', challenge: '', createdBy: manager!.id })
					.returning({ id: processes.id });
				const [workshop] = await db
					.insert(workshops)
					.values({ processId: process!.id, title: 'Serata', code: 'BVK234', status: 'closed' })
					.returning({ id: workshops.id });
				const [niguarda] = await db
					.select({ id: branches.id })
					.from(branches)
					.where(eq(branches.slug, 'niguarda'));
				const [condo] = await db
					.select({ id: services.id })
					.from(services)
					.where(eq(services.slug, 'biblioteche-condominio'));
				const add = async (
					title: string,
					stage: 'proposed' | 'adopted' | 'evaluating',
					placed: boolean
				) => {
					const [row] = await db
						.insert(proposals)
						.values({
							title,
							stage,
							processId: process!.id,
							workshopId: workshop!.id,
							provenance: bareProvenance(workshop!.id)
						})
						.returning({ id: proposals.id });
					if (placed) {
						await db
							.insert(proposalBranches)
							.values({ proposalId: row!.id, branchId: niguarda!.id });
						await db.insert(proposalServices).values({ proposalId: row!.id, serviceId: condo!.id });
					}
					return row!.id;
				};
				return {
					processId: process!.id,
					ids: {
						ready: await add('Scaffale in portineria', 'proposed', true),
						unplaced: await add('Idea senza luogo', 'proposed', false),
						adopted: await add('Già adottata', 'adopted', true),
						evaluating: await add('In valutazione', 'evaluating', true)
					},
					manager: await staffToken(db, 'responsabile@example.org'),
					facilitator: await staffToken(db, 'facilitatore@example.org')
				};
			}
		});
	});
	afterAll(() => site?.stop());

	async function post(fields: [string, string][], token = site.prepared.manager) {
		const client = new Client(site.url, { 'accept-language': 'it' });
		client.cookies.set('piazza_session', token);
		const response = await client.fetch(`/staff/review?process=${site.prepared.processId}&/bulk`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: new URLSearchParams(fields).toString()
		});
		const html = await response.text();
		return {
			status: response.status,
			document: new DOMParser().parseFromString(html, 'text/html')
		};
	}

	const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

	async function stages() {
		const ids = Object.values(site.prepared.ids);
		const rows = await site.inspect((db) =>
			db
				.select({ id: proposals.id, stage: proposals.stage })
				.from(proposals)
				.where(inArray(proposals.id, ids))
		);
		if (kind === 'pglite') await site.restart();
		const { ready, unplaced, adopted, evaluating } = site.prepared.ids;
		const of = (id: string) => rows.find((r) => r.id === id)!.stage;
		return {
			ready: of(ready),
			unplaced: of(unplaced),
			adopted: of(adopted),
			evaluating: of(evaluating)
		};
	}

	it('refuses a request it cannot act on, and changes nothing', async () => {
		const { ids } = site.prepared;
		const none = await post([
			['action', 'shortlist'],
			['id', 'x; drop table proposals']
		]);
		expect(none.status).toBe(400);
		expect(text(none.document.querySelector('[data-testid="bulk"] [role="alert"]'))).toBe(
			'Scegli almeno una proposta.'
		);
		const noReason = await post([
			['action', 'archive'],
			['id', ids.ready],
			['reason', '  ']
		]);
		expect(noReason.status).toBe(400);
		expect(text(noReason.document.querySelector('[data-testid="bulk"] [role="alert"]'))).toMatch(
			/^Per archiviare serve un motivo/
		);
		const unknown = await post([
			['action', 'adopt'],
			['id', ids.ready]
		]);
		expect(unknown.status).toBe(400);
		const refused = await post(
			[
				['action', 'shortlist'],
				['id', ids.ready]
			],
			site.prepared.facilitator
		);
		expect(refused.status).toBe(403);
		expect(await stages()).toEqual({
			ready: 'proposed',
			unplaced: 'proposed',
			adopted: 'adopted',
			evaluating: 'evaluating'
		});
	});

	it('shortlists what the rules allow and says why the others stayed', async () => {
		const { ids } = site.prepared;
		const { status, document } = await post([
			['action', 'shortlist'],
			['id', ids.ready],
			['id', ids.unplaced],
			['id', ids.adopted],
			['id', ids.ready.toUpperCase()]
		]);
		expect(status).toBe(200);
		const alert = text(document.querySelector('.alert'));
		expect(alert).toContain('1 proposta messa in selezione.');
		const refusals = [...document.querySelectorAll('[data-testid="bulk-refused"] li')].map(text);
		expect(refusals).toHaveLength(2);
		expect(refusals[0]).toMatch(/^«Idea senza luogo»: /);
		expect(refusals[1]).toMatch(/^«Già adottata»: /);
		expect(await stages()).toMatchObject({
			ready: 'shortlisted',
			unplaced: 'proposed',
			adopted: 'adopted'
		});
	});

	it('archives with one public reason, each move in the history', async () => {
		const { ids } = site.prepared;
		const { status, document } = await post([
			['action', 'archive'],
			['id', ids.ready],
			['id', ids.evaluating],
			['reason', 'Già coperta dal progetto Parti Comuni']
		]);
		expect(status).toBe(200);
		expect(text(document.querySelector('.alert'))).toContain('1 proposta archiviata.');
		// Leaving evaluation needs the evaluation itself: the bulk form cannot give it.
		expect(text(document.querySelector('[data-testid="bulk-refused"]'))).toContain(
			'«In valutazione»'
		);
		const events = await site.inspect((db) =>
			db
				.select({ toStage: proposalEvents.toStage, note: proposalEvents.note })
				.from(proposalEvents)
				.where(eq(proposalEvents.proposalId, ids.ready))
				.orderBy(proposalEvents.at)
		);
		if (kind === 'pglite') await site.restart();
		expect(events).toEqual([
			{ toStage: 'shortlisted', note: '' },
			{ toStage: 'archived', note: 'Già coperta dal progetto Parti Comuni' }
		]);
		expect(await stages()).toMatchObject({ ready: 'archived', evaluating: 'evaluating' });
	});
});
