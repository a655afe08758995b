// @vitest-environment jsdom
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	boards,
	branches,
	collabDocuments,
	paperVotes,
	participants,
	processes,
	proposalBranches,
	proposalEvents,
	proposalServices,
	proposals,
	residents,
	services,
	users,
	votes,
	workshops
} from '../../src/lib/server/db/schema/index';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { bareProvenance } from '../helpers/proposals';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { staffToken } from '../helpers/workshops';

// Issue 7, the managers' branch × service heatmap and participation per branch
// (`/staff/review/places`), read as a manager's browser gets it. The fixture lives in a period of
// its own, 320 to 200 days ago, so the demo data set's live workshop stays out of every figure.

const DAY = 86_400_000;
/** Noon UTC `n` days ago: far from midnight in Rome, so no calendar day is ambiguous. */
const ago = (n: number) => {
	const d = new Date(Date.now() - n * DAY);
	d.setUTCHours(12, 0, 0, 0);
	return d;
};
const dayOf = (n: number) => ago(n).toISOString().slice(0, 10);
const PERIOD = `from=${dayOf(320)}&to=${dayOf(200)}`;

interface Prepared {
	manager: string;
	facilitator: string;
}

describe.each(databaseKinds)('branches and services on %s', (kind) => {
	let site: Site<Prepared>;

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => {
				const [manager] = await db
					.select({ id: users.id })
					.from(users)
					.where(eq(users.email, 'responsabile@example.org'));
				const branchRows = await db.select({ id: branches.id, slug: branches.slug }).from(branches);
				const serviceRows = await db
					.select({ id: services.id, slug: services.slug })
					.from(services);
				const branchId = (slug: string) => branchRows.find((b) => b.slug === slug)!.id;
				const serviceId = (slug: string) => serviceRows.find((s) => s.slug === slug)!.id;
				const [process] = await db
					.insert(processes)
					.values({ title: 'Percorso di prova', challenge: '', createdBy: manager!.id })
					.returning({ id: processes.id });

				const workshop = async (
					code: string,
					daysAgo: number,
					branch: string | null,
					status: 'closed' | 'draft' = 'closed'
				) => {
					const [row] = await db
						.insert(workshops)
						.values({
							processId: process!.id,
							title: `Incontro ${code}`,
							code,
							status,
							startsAt: ago(daysAgo),
							branchId: branch ? branchId(branch) : null,
							placeText: branch ? null : 'Mercato comunale di Affori'
						})
						.returning({ id: workshops.id });
					return row!.id;
				};
				const before = await workshop('PZA222', 500, 'dergano');
				const niguarda = await workshop('PZA333', 300, 'niguarda');
				const zara = await workshop('PZA444', 280, 'zara');
				const market = await workshop('PZA555', 260, null);
				await workshop('PZA666', 250, 'niguarda', 'draft');
				const later = await workshop('PZA777', 100, 'niguarda');

				const people = await db
					.insert(residents)
					.values([{}, {}, {}, {}])
					.returning({ id: residents.id });
				const [anna, bruno, carla, dario] = people.map((p) => p.id);
				const attend = async (workshopId: string, residentId: string, daysAgo: number) => {
					const [row] = await db
						.insert(participants)
						.values({
							workshopId,
							residentId,
							nickname: 'Vicina',
							createdAt: ago(daysAgo),
							lastSeenAt: ago(daysAgo)
						})
						.returning({ id: participants.id });
					return row!.id;
				};
				await attend(before, anna!, 500);
				const annaAtNiguarda = await attend(niguarda, anna!, 300);
				const brunoAtNiguarda = await attend(niguarda, bruno!, 300);
				await attend(zara, bruno!, 280);
				await attend(zara, carla!, 280);
				await attend(market, dario!, 260);
				await attend(later, carla!, 100);

				// Niguarda's wall: three notes, five dots from phones and four counted on paper.
				const [wall] = await db
					.insert(boards)
					.values({ workshopId: niguarda, kind: 'idea-wall', prompt: 'Come potremmo…?' })
					.returning({ id: boards.id });
				const doc = new Y.Doc();
				const notes = doc.getMap('notes');
				for (const [i, text] of [
					'Scaffale in cortile',
					'Prestito in portineria',
					'Orari'
				].entries())
					notes.set(`${annaAtNiguarda}:n${i}`, {
						authorId: annaAtNiguarda,
						authorName: 'Vicina',
						text,
						section: null,
						colour: 'yellow',
						createdAt: ago(300).getTime()
					});
				await db.insert(collabDocuments).values({
					name: `board:${wall!.id}`,
					snapshot: Y.encodeStateAsUpdate(doc)
				});
				await db.insert(votes).values([
					{ boardId: wall!.id, participantId: annaAtNiguarda, itemId: 'n0', count: 2 },
					{ boardId: wall!.id, participantId: brunoAtNiguarda, itemId: 'n0', count: 3 }
				]);
				await db.insert(paperVotes).values({ boardId: wall!.id, itemId: 'n1', count: 4 });

				const proposal = async (
					title: string,
					workshopId: string,
					stage: 'proposed' | 'adopted' | 'archived',
					bs: string[],
					ss: string[],
					createdAgo: number,
					decidedAgo?: number
				) => {
					const [row] = await db
						.insert(proposals)
						.values({
							title,
							stage,
							processId: process!.id,
							workshopId,
							provenance: bareProvenance(workshopId),
							archivedReason: stage === 'archived' ? 'Non sostenibile' : null,
							createdAt: ago(createdAgo),
							updatedAt: ago(createdAgo),
							stageChangedAt: ago(decidedAgo ?? createdAgo)
						})
						.returning({ id: proposals.id });
					await db
						.insert(proposalBranches)
						.values(bs.map((b) => ({ proposalId: row!.id, branchId: branchId(b) })));
					await db
						.insert(proposalServices)
						.values(ss.map((s) => ({ proposalId: row!.id, serviceId: serviceId(s) })));
					if (decidedAgo !== undefined)
						await db.insert(proposalEvents).values({
							proposalId: row!.id,
							at: ago(decidedAgo),
							kind: 'stage',
							actorName: 'Giulia Ferri',
							fromStage: 'proposed',
							toStage: stage
						});
				};
				await proposal(
					'Scaffale di condominio',
					niguarda,
					'adopted',
					['niguarda'],
					['biblioteche-condominio'],
					295,
					250
				);
				await proposal(
					'Certificati e libri in portineria',
					niguarda,
					'archived',
					['niguarda', 'affori'],
					['biblioteche-condominio', 'anagrafe'],
					295,
					280
				);
				await proposal('Armadietti a Zara', zara, 'proposed', ['zara'], ['smart-locker'], 270);
				await proposal('Dopo il periodo', later, 'proposed', ['niguarda'], ['smart-locker'], 90);
				return {
					manager: await staffToken(db, 'responsabile@example.org'),
					facilitator: await staffToken(db, 'facilitatore@example.org')
				};
			}
		});
	});
	afterAll(() => site?.stop());

	async function page(query: string, token = site.prepared.manager) {
		const client = new Client(site.url, { 'accept-language': 'it' });
		client.cookies.set('piazza_session', token);
		const response = await client.fetch(`/staff/review/places?${query}`);
		return {
			status: response.status,
			document: new DOMParser().parseFromString(await response.text(), 'text/html')
		};
	}

	const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

	/** The heatmap as { branch: { service: count } }, only the cells with proposals. */
	function heatmapOf(document: Document) {
		const table = document.querySelector('[data-testid="heatmap"] table');
		// Each heading shows the name without its parenthesis and reads out the whole name.
		const services = [...table!.querySelectorAll('thead th.service')].map((th) =>
			text(th.querySelector('.visually-hidden'))!
		);
		const shown = [...table!.querySelectorAll('thead th.service [aria-hidden]')].map((el) =>
			text(el)
		);
		const map: Record<string, Record<string, number>> = {};
		for (const row of table!.querySelectorAll('[data-testid="heatmap-row"]')) {
			const cells = [...row.querySelectorAll('td.cell')];
			for (const [i, cell] of cells.entries()) {
				const n = text(cell.querySelector('.n'));
				if (n) (map[text(row.querySelector('th'))!] ??= {})[services[i]!] = Number(n);
			}
		}
		return { services, shown, map, table: table! };
	}

	function participationOf(document: Document) {
		const table = document.querySelector('[data-testid="participation"]')!;
		const heads = [...table.querySelectorAll('thead th')].map((th) => text(th)!);
		const rows: Record<string, Record<string, string>> = {};
		for (const tr of table.querySelectorAll('tr')) {
			const name = text(tr.querySelector('th'))!;
			const cells = [...tr.querySelectorAll('td')].map((td) => text(td)!);
			if (cells.length) rows[name] = Object.fromEntries(cells.map((c, i) => [heads[i + 1]!, c]));
		}
		return rows;
	}

	it('counts proposals per branch and service, once in the totals, each cell opening its ranking', async () => {
		const { status, document } = await page(PERIOD);
		expect(status).toBe(200);
		const { map, table, shown } = heatmapOf(document);
		expect(shown).toContain('Anagrafe in biblioteca');
		expect(map).toEqual({
			'Biblioteca Affori': {
				'Biblioteche di condominio': 1,
				'Anagrafe in biblioteca (certificati ANPR con SPID/CIE)': 1
			},
			'Biblioteca Niguarda': {
				'Biblioteche di condominio': 2,
				'Anagrafe in biblioteca (certificati ANPR con SPID/CIE)': 1
			},
			'Biblioteca Zara': { 'Smart locker (ritiro autonomo dei prenotati)': 1 }
		});
		// Three proposals in all, two in Municipio 9 (the archived one concerns two of its branches).
		expect(text(table.querySelector('tfoot .total-col'))).toBe('3');
		const m9 = [...table.querySelectorAll('tr.group')].find((tr) =>
			text(tr)!.startsWith('Municipio 9')
		);
		expect(text(m9!.querySelector('.total-col'))).toBe('2');
		const cell = [...table.querySelectorAll('[data-testid="heatmap-row"]')]
			.find((tr) => text(tr.querySelector('th')) === 'Biblioteca Niguarda')!
			.querySelector('td.cell a[aria-label*="Biblioteche di condominio"]')!;
		expect(cell.getAttribute('aria-label')).toMatch(
			/Biblioteca Niguarda, .*: Adottata 1, Archiviata 1/
		);
		const href = new URL(cell.getAttribute('href')!, site.url);
		expect(href.pathname).toBe('/staff/review');
		expect(href.searchParams.get('from')).toBe(dayOf(320));
		expect(href.searchParams.getAll('service')).toHaveLength(1);
		expect(href.searchParams.getAll('branch')).toHaveLength(1);
	});

	it('narrows to a municipio: only its branches, and only its workshops in participation', async () => {
		const { document } = await page(`${PERIOD}&municipio=9`);
		const { map } = heatmapOf(document);
		expect(Object.keys(map).sort()).toEqual(['Biblioteca Affori', 'Biblioteca Niguarda']);
		const rows = participationOf(document);
		expect(rows['Biblioteca Zara']).toBeUndefined();
		expect(rows['Tutto il sistema']).toMatchObject({ Incontri: '1', Persone: '2' });
	});

	it('tells participation per branch: people once, first-timers, notes, dots, decisions', async () => {
		const { document } = await page(PERIOD);
		const rows = participationOf(document);
		expect(rows['Biblioteca Niguarda']).toEqual({
			Incontri: '1',
			Persone: '2',
			'Prima volta': '1',
			Note: '3',
			Punti: '9',
			Proposte: '2',
			Adottate: '1',
			// Decided 50 and 20 days after the workshop.
			'Giorni alla decisione': '35'
		});
		expect(rows['Biblioteca Zara']).toMatchObject({
			Incontri: '1',
			Persone: '2',
			'Prima volta': '1'
		});
		expect(rows['Fuori dalle biblioteche']).toMatchObject({ Incontri: '1', Persone: '1' });
		expect(rows['Biblioteca Dergano']).toMatchObject({ Incontri: '0', Persone: '0' });
		// Bruno came to two branches: one person for the system.
		expect(rows['Tutto il sistema']).toMatchObject({
			Incontri: '3',
			Persone: '4',
			'Prima volta': '3',
			Proposte: '3',
			Adottate: '1'
		});
	});

	it('explains a bad period and shows nothing, and keeps the view from other staff', async () => {
		const { status, document } = await page('from=2026-13-01');
		expect(status).toBe(200);
		expect(text(document.querySelector('[role="alert"]'))).toMatch(/data/i);
		expect(document.querySelector('[data-testid="heatmap"]')).toBeNull();
		expect(document.querySelector('[data-testid="participation"]')).toBeNull();
		const injected = await page(`${PERIOD}&municipio=9%27%20or%201%3D1--`);
		expect(injected.document.querySelector('[role="alert"]')).not.toBeNull();
		const refused = await page(PERIOD, site.prepared.facilitator);
		expect(refused.status).toBe(403);
	});

	it('exports participation as CSV: the page’s figures, a row per branch, municipio and the system', async () => {
		const client = new Client(site.url, { 'accept-language': 'it' });
		client.cookies.set('piazza_session', site.prepared.manager);
		const response = await client.fetch(`/api/participation.csv?${PERIOD}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder()
			.decode(bytes)
			.replace(/^\uFEFF/, '')
			.split('\r\n')
			.filter(Boolean)
			.map((line) => line.split(';'));
		expect(lines[0]).toEqual([
			'Livello',
			'Municipio',
			'Biblioteca',
			'Incontri',
			'Persone',
			'Prima volta',
			'Note',
			'Punti',
			'Proposte',
			'Adottate',
			'Decise',
			'Giorni alla decisione (mediana)'
		]);
		const niguarda = lines.find((l) => l[2] === 'Biblioteca Niguarda')!;
		expect(niguarda).toEqual([
			'biblioteca',
			'Municipio 9',
			'Biblioteca Niguarda',
			'1',
			'2',
			'1',
			'3',
			'9',
			'2',
			'1',
			'2',
			'35,0'
		]);
		expect(lines.find((l) => l[0] === 'municipio' && l[1] === 'Municipio 9')).toBeTruthy();
		expect(lines.at(-1)!.slice(0, 5)).toEqual(['sistema', '', 'Tutto il sistema', '3', '4']);

		// English readers get commas and points; others are refused as for the list's CSV.
		const english = new Client(site.url, { 'accept-language': 'en' });
		english.cookies.set('piazza_session', site.prepared.manager);
		const text = await (await english.fetch(`/api/participation.csv?${PERIOD}`)).text();
		expect(text).toContain('branch,Municipio 9,Biblioteca Niguarda,1,2,1,3,9,2,1,2,35.0');
		const bad = await client.fetch('/api/participation.csv?from=2026-13-01');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toBe('invalid_filter');
		const other = new Client(site.url, { 'accept-language': 'it' });
		other.cookies.set('piazza_session', site.prepared.facilitator);
		expect((await other.fetch(`/api/participation.csv?${PERIOD}`)).status).toBe(403);
		expect((await new Client(site.url).fetch(`/api/participation.csv`)).status).toBe(403);
	});
});
