import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { score } from '../../src/lib/domain/proposal/priority';
import type { ScoreContext, ScoreInputs, Weights } from '../../src/lib/domain/proposal/priority';
import {
	branches,
	participants,
	priorityWeights,
	processes,
	proposalBranches,
	proposalServices,
	proposalSupports,
	proposals,
	residents,
	services,
	users,
	workshops
} from '../../src/lib/server/db/schema/index';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { bareProvenance } from '../helpers/proposals';
import { startSite } from '../helpers/site';
import { recount } from '../../src/lib/server/proposals/support-counts';
import type { Site } from '../helpers/site';
import { participantToken, staffToken } from '../helpers/workshops';

// Issue 7, managers' review: `GET /api/proposals` (ranked, filtered, explained), `GET
// /api/proposals.csv`, the weights (`/api/priority/weights`) and ratings
// (`/api/proposals/<id>/rating`). The proposals here live in a process of their own, so the demo
// data set's proposals never enter the assertions (the score's maxima are global by design, so
// expected scores are computed from the maxima the endpoint reports).

interface Prepared {
	processId: string;
	workshopId: string;
	ids: Record<string, string>;
	manager: string;
	admin: string;
	facilitator: string;
	resident: string;
}

interface Item {
	id: string;
	title: string;
	stage: string;
	score: number;
	position: number;
	explanation: string;
	inputs: ScoreInputs;
	parts: { criterion: string; value: number | null; weight: number; points: number }[];
	branches: { slug: string; municipio: number | null }[];
	services: { slug: string; name: string }[];
	tags: string[];
}

interface List {
	total: number;
	offset: number;
	limit: number;
	weights: Weights;
	context: ScoreContext;
	proposals: Item[];
}

/** Title → [stage, dots, participants, branch slugs, service slugs, tags, created days ago]. */
const FIXTURE = {
	'Armadietti smart a Niguarda': [
		'shortlisted',
		18,
		20,
		['niguarda'],
		['smart-locker'],
		['Orari'],
		40
	],
	'Biblioteca di condominio in via Hermada': [
		'proposed',
		9,
		20,
		['niguarda', 'affori'],
		['biblioteche-condominio'],
		['casa'],
		10
	],
	'Condominio Bovisa: scaffale comune': [
		'prototyping',
		4,
		20,
		['dergano'],
		['biblioteche-condominio'],
		[],
		5
	],
	'Certificati anagrafici a Oglio': ['adopted', 12, 15, ['oglio'], ['anagrafe'], ['orari'], 200],
	'=HYPERLINK("http://esempio.invalid","apri")': ['proposed', 1, 15, ['oglio'], ['eventi'], [], 1],
	'Sconto del 50%_ sulle tessere': ['archived', 0, 15, ['zara'], ['prestito'], [], 100]
} as const;

describe.each(databaseKinds)('the managers’ review on %s', (kind) => {
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
					.values({ title: 'Revisione di prova', challenge: '', createdBy: manager!.id })
					.returning({ id: processes.id });
				const [workshop] = await db
					.insert(workshops)
					.values({
						processId: process!.id,
						title: 'Serata di prova',
						code: 'REV777',
						status: 'closed'
					})
					.returning({ id: workshops.id });
				const branchRows = await db.select({ id: branches.id, slug: branches.slug }).from(branches);
				const serviceRows = await db
					.select({ id: services.id, slug: services.slug })
					.from(services);
				const branchId = (slug: string) => branchRows.find((b) => b.slug === slug)!.id;
				const serviceId = (slug: string) => serviceRows.find((s) => s.slug === slug)!.id;
				const ids: Record<string, string> = {};
				for (const [title, [stage, votes, people, bs, ss, tags, daysAgo]] of Object.entries(
					FIXTURE
				)) {
					const created = new Date(Date.now() - daysAgo * 86_400_000);
					const [row] = await db
						.insert(proposals)
						.values({
							title,
							problem: title.includes('Hermada') ? 'Il 50% dei condomini non ha spazi' : '',
							stage,
							processId: process!.id,
							workshopId: workshop!.id,
							tags: [...tags],
							provenance: {
								...bareProvenance(workshop!.id),
								votes,
								participants: people
							},
							archivedReason: stage === 'archived' ? 'Non sostenibile' : null,
							createdAt: created,
							updatedAt: created,
							stageChangedAt: created
						})
						.returning({ id: proposals.id });
					ids[title] = row!.id;
					await db
						.insert(proposalBranches)
						.values(bs.map((b) => ({ proposalId: row!.id, branchId: branchId(b) })));
					await db
						.insert(proposalServices)
						.values(ss.map((s) => ({ proposalId: row!.id, serviceId: serviceId(s) })));
				}
				// Three supports for the condominium library: one from the room, two from elsewhere.
				const supporters = await db
					.insert(residents)
					.values([{}, {}, {}])
					.returning({ id: residents.id });
				await db
					.insert(participants)
					.values({ workshopId: workshop!.id, residentId: supporters[0]!.id, nickname: 'Anna' });
				await db.insert(proposalSupports).values(
					supporters.map((s) => ({
						proposalId: ids['Biblioteca di condominio in via Hermada']!,
						residentId: s.id
					}))
				);
				// Written around the support service: counted as its writes would count them.
				await recount(db, [ids['Biblioteca di condominio in via Hermada']!]);
				return {
					processId: process!.id,
					workshopId: workshop!.id,
					ids,
					manager: await staffToken(db, 'responsabile@example.org'),
					admin: await staffToken(db, 'admin@example.org'),
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					resident: await participantToken(db, workshop!.id, 'Bruno')
				};
			}
		});
	});
	afterAll(() => site?.stop());

	function as(token: string | null, language = 'it') {
		const client = new Client(site.url, { 'accept-language': language });
		if (token) client.cookies.set('piazza_session', token);
		return client;
	}

	async function list(query = '', token = site.prepared.manager, language = 'it') {
		const response = await as(token, language).fetch(
			`/api/proposals?process=${site.prepared.processId}${query ? `&${query}` : ''}`
		);
		return {
			status: response.status,
			body: (await response.json()) as List & { error?: string; message?: string }
		};
	}

	const titles = (body: List) => body.proposals.map((p) => p.title);

	it('ranks by the score, each with its parts, its sentence, and the pure function’s result', async () => {
		const { status, body } = await list();
		expect(status).toBe(200);
		expect(body.total).toBe(6);
		const scores = body.proposals.map((p) => p.score);
		expect([...scores].sort((a, b) => b - a)).toEqual(scores);
		expect(body.proposals.map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6]);
		for (const item of body.proposals) {
			expect(item.score).toBe(score(item.inputs, body.weights, body.context).score);
			const sum = item.parts.reduce((s, p) => s + p.points, 0);
			expect(Math.abs(sum - item.score)).toBeLessThanOrEqual(0.3);
			expect(item.explanation).toMatch(/^Punteggio \d+,\d su 100: voti /);
		}
		const locker = body.proposals.find((p) => p.title.startsWith('Armadietti'))!;
		expect(locker.explanation).toContain('18 punti da 20 persone');
		expect(locker.explanation).toContain('impatto non ancora valutato');
		const condo = body.proposals.find((p) => p.title.includes('Hermada'))!;
		// The two supporters from outside the room add to the residents it concerns.
		expect(condo.inputs).toMatchObject({ supports: 3, residents: 22, branches: 2 });
		expect(condo.services).toEqual([{ slug: 'biblioteche-condominio', name: expect.any(String) }]);
	});

	it('explains in English for an English reader', async () => {
		const { body } = await list('', site.prepared.manager, 'en');
		expect(body.proposals[0]!.explanation).toMatch(/^Score \d+\.\d out of 100: votes /);
	});

	it('combines filters: municipio 9 and condominium libraries, then a stage', async () => {
		const { body } = await list('municipio=9&service=biblioteche-condominio');
		expect(titles(body).sort()).toEqual([
			'Biblioteca di condominio in via Hermada',
			'Condominio Bovisa: scaffale comune'
		]);
		const narrowed = await list('municipio=9&service=biblioteche-condominio&stage=prototyping');
		expect(titles(narrowed.body)).toEqual(['Condominio Bovisa: scaffale comune']);
		const either = await list('stage=adopted,archived');
		expect(titles(either.body).sort()).toEqual([
			'Certificati anagrafici a Oglio',
			'Sconto del 50%_ sulle tessere'
		]);
	});

	it('filters by branch slug or id, tag without regard to case, dates and words', async () => {
		expect(titles((await list('branch=oglio')).body).length).toBe(2);
		const [niguarda] = await site.inspect(async (db) =>
			db.select({ id: branches.id }).from(branches).where(eq(branches.slug, 'niguarda'))
		);
		if (kind === 'pglite') await site.restart();
		expect(titles((await list(`branch=${niguarda!.id}`)).body).length).toBe(2);
		expect(titles((await list('tag=ORARI')).body).sort()).toEqual([
			'Armadietti smart a Niguarda',
			'Certificati anagrafici a Oglio'
		]);
		const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
		expect(titles((await list(`from=${day(50)}&to=${day(3)}`)).body).sort()).toEqual([
			'Armadietti smart a Niguarda',
			'Biblioteca di condominio in via Hermada',
			'Condominio Bovisa: scaffale comune'
		]);
		// The problem is searched too, and % is a character, not a wildcard.
		expect(titles((await list('q=50%25')).body).sort()).toEqual([
			'Biblioteca di condominio in via Hermada',
			'Sconto del 50%_ sulle tessere'
		]);
		expect((await list("q=x'%20or%201=1;--")).body.total).toBe(0);
	});

	it('sorts by dots, by age (oldest first) and by the latest change', async () => {
		expect(titles((await list('sort=votes')).body).slice(0, 2)).toEqual([
			'Armadietti smart a Niguarda',
			'Certificati anagrafici a Oglio'
		]);
		expect(titles((await list('sort=age')).body)[0]).toBe('Certificati anagrafici a Oglio');
		expect(titles((await list('sort=change')).body)[0]).toBe(
			'=HYPERLINK("http://esempio.invalid","apri")'
		);
	});

	it('pages through the view', async () => {
		const all = titles((await list()).body);
		const second = await list('offset=2&limit=2');
		expect(second.body).toMatchObject({ total: 6, offset: 2, limit: 2 });
		expect(titles(second.body)).toEqual(all.slice(2, 4));
		expect(second.body.proposals.map((p) => p.position)).toEqual([3, 4]);
	});

	it.each([
		['stage=approvata', 'invalid_filter', /fase/],
		['municipio=12', 'invalid_filter', /municipi di Milano vanno da 1 a 9/],
		['branch=atlantide', 'invalid_filter', /«atlantide» non esiste/],
		['service=teletrasporto', 'invalid_filter', /«teletrasporto» non esiste/],
		["branch=1'%20or%20'1'='1", 'invalid_filter', /identificativo/],
		['workshop=00000000-0000-4000-8000-000000000000', 'invalid_filter', /non esiste/],
		['from=2026-13-01', 'invalid_filter', /AAAA-MM-GG/],
		['sort=random()', 'invalid_filter', /ordinare/],
		['limit=0', 'invalid_page', /Pagina non valida/],
		['limit=abc', 'invalid_page', /Pagina non valida/]
	])('refuses %s with a clear Italian message', async (query, error, message) => {
		const { status, body } = await list(query);
		expect(status).toBe(400);
		expect(body.error).toBe(error);
		expect(body.message).toMatch(message);
	});

	it('answers only managers and admins, on the list, the CSV and the weights', async () => {
		expect((await list('', site.prepared.admin)).status).toBe(200);
		for (const token of [site.prepared.facilitator, site.prepared.resident, null]) {
			for (const path of ['/api/proposals', '/api/proposals.csv', '/api/priority/weights']) {
				const response = await as(token).fetch(path);
				expect(response.status, `${path} ${token}`).toBe(403);
				expect(((await response.json()) as { error: string }).error).toBe('forbidden');
			}
			const put = await as(token).fetch('/api/priority/weights', {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					weights: { votes: 10, supports: 0, impact: 0, feasibility: 0, cost: 0, reach: 0 }
				})
			});
			expect(put.status).toBe(403);
			const rate = await as(token).fetch(
				`/api/proposals/${site.prepared.ids['Armadietti smart a Niguarda']}/rating`,
				{
					method: 'PUT',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ impact: 5, feasibility: 5, cost: 1 })
				}
			);
			expect(rate.status).toBe(403);
		}
	});

	it('averages the managers’ ratings into the score, each rater changing only their own', async () => {
		const id = site.prepared.ids['Condominio Bovisa: scaffale comune']!;
		const before = (await list()).body.proposals.find((p) => p.id === id)!;
		const rate = (token: string, body: unknown) =>
			as(token).fetch(`/api/proposals/${id}/rating`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		expect((await rate(site.prepared.manager, { impact: 5, feasibility: 4, cost: 1 })).status).toBe(
			200
		);
		const second = await rate(site.prepared.admin, { impact: '3', feasibility: 2, cost: 3 });
		expect(second.status).toBe(200);
		expect(await second.json()).toMatchObject({ raters: 2, impact: 4, feasibility: 3, cost: 2 });
		const after = (await list()).body.proposals.find((p) => p.id === id)!;
		expect(after.inputs).toMatchObject({ raters: 2, impact: 4, feasibility: 3, cost: 2 });
		expect(after.score).toBeGreaterThan(before.score);
		expect(after.explanation).toContain('media 4,0 su 5, 2 valutazioni');

		for (const bad of [
			{ impact: 6, feasibility: 1, cost: 1 },
			{ impact: 0 },
			{ impact: 2.5, feasibility: 1, cost: 1 },
			'x'
		]) {
			const refused = await rate(site.prepared.manager, bad);
			expect(refused.status).toBe(400);
			expect(((await refused.json()) as { message: string }).message).toMatch(/da 1 a 5/);
		}
		const changed = await rate(site.prepared.manager, { impact: 1, feasibility: 1, cost: 1 });
		expect(await changed.json()).toMatchObject({ raters: 2, impact: 2 });
		const unknown = await as(site.prepared.manager).fetch(
			'/api/proposals/00000000-0000-4000-8000-000000000000/rating',
			{
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ impact: 1, feasibility: 1, cost: 1 })
			}
		);
		expect(unknown.status).toBe(404);
		const withdrawn = await as(site.prepared.manager).fetch(`/api/proposals/${id}/rating`, {
			method: 'DELETE'
		});
		expect(await withdrawn.json()).toMatchObject({ raters: 1, impact: 3 });
	});

	it('changes the ranking when a manager changes the weights, and keeps every change', async () => {
		const put = (token: string, body: unknown) =>
			as(token).fetch('/api/priority/weights', {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		const onlyVotes = { votes: 1, supports: 0, impact: 0, feasibility: 0, cost: 0, reach: 0 };
		const onlyReach = { votes: 0, supports: 0, impact: 0, feasibility: 0, cost: 0, reach: 1 };
		const first = await put(site.prepared.manager, { weights: onlyVotes, note: 'Conta la sala' });
		expect(await first.json()).toMatchObject({ changed: true });
		const byVotes = (await list()).body;
		expect(byVotes.weights).toEqual(onlyVotes);
		expect(byVotes.proposals[0]!.title).toBe('Armadietti smart a Niguarda');
		expect(byVotes.proposals[0]!.score).toBe(90);
		expect(byVotes.proposals[0]!.explanation).toBe(
			'Punteggio 90,0 su 100: voti 0,90 (18 punti da 20 persone) con peso 1.'
		);

		expect(await (await put(site.prepared.manager, { weights: onlyVotes })).json()).toMatchObject({
			changed: false
		});
		await put(site.prepared.admin, { weights: onlyReach });
		const byReach = (await list()).body;
		expect(byReach.proposals[0]!.title).toBe('Biblioteca di condominio in via Hermada');

		const history = (await (
			await as(site.prepared.manager).fetch('/api/priority/weights')
		).json()) as {
			weights: Weights;
			setByName: string;
			history: { weights: Weights; note: string; setByName: string }[];
		};
		expect(history.weights).toEqual(onlyReach);
		expect(history.setByName).toBe('Alessandra Conti');
		expect(history.history.slice(0, 2).map((h) => h.note)).toEqual(['', 'Conta la sala']);
	});

	it('refuses bad weights field by field and stores nothing', async () => {
		const count = async () => {
			const response = await as(site.prepared.manager).fetch('/api/priority/weights');
			return ((await response.json()) as { history: unknown[] }).history.length;
		};
		const before = await count();
		const put = (weights: unknown, language = 'it') =>
			as(site.prepared.manager, language).fetch('/api/priority/weights', {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ weights })
			});
		const zero = { votes: 0, supports: 0, impact: 0, feasibility: 0, cost: 0, reach: 0 };
		const cases: [unknown, Record<string, RegExp>][] = [
			[{ ...zero, votes: -1, reach: 1 }, { votes: /negativo/ }],
			[{ ...zero, votes: 'molto', reach: 1 }, { votes: /Scrivi un numero/ }],
			[{ ...zero, votes: 11 }, { votes: /massimo è 10/ }],
			[zero, { all: /più di zero/ }],
			[{ votes: 1 }, { supports: /Manca/ }]
		];
		for (const [weights, fields] of cases) {
			const response = await put(weights);
			expect(response.status).toBe(400);
			const body = (await response.json()) as { error: string; fields: Record<string, string> };
			expect(body.error).toBe('invalid_weights');
			for (const [field, message] of Object.entries(fields))
				expect(body.fields[field]).toMatch(message);
		}
		const english = await put(zero, 'en');
		expect(((await english.json()) as { fields: Record<string, string> }).fields.all).toMatch(
			/more than zero/
		);
		expect(await count()).toBe(before);
	});

	it('refuses to rewrite or delete the weights’ history in the database', async () => {
		const refusal = async (fn: () => Promise<unknown>) => {
			try {
				await fn();
				return 'accepted';
			} catch (error) {
				const e = error as Error & { cause?: Error };
				return `${e.message} ${e.cause?.message ?? ''}`;
			}
		};
		const [update, remove] = await site.inspect(async (db) => [
			await refusal(() => db.update(priorityWeights).set({ votes: 5 })),
			await refusal(() => db.delete(priorityWeights))
		]);
		if (kind === 'pglite') await site.restart();
		expect(update).toMatch(/append-only/);
		expect(remove).toMatch(/append-only/);
	});

	it('exports the same view as CSV: BOM, Italian delimiter, neutralised formula, same order', async () => {
		const query = `process=${site.prepared.processId}&sort=votes`;
		const json = (await list('sort=votes')).body;
		const response = await as(site.prepared.manager).fetch(`/api/proposals.csv?${query}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
		expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="proposte-/);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes.slice(3));
		const lines = text.split('\r\n').filter(Boolean);
		expect(lines[0]).toMatch(/^Posizione;Punteggio;Spiegazione del punteggio;Titolo;Fase;/);
		expect(lines).toHaveLength(1 + json.total);
		const csvTitles = lines.slice(1).map((line) => parseLine(line, ';')[3]);
		expect(csvTitles).toEqual(
			json.proposals.map((p) => (p.title.startsWith('=') ? `'${p.title}` : p.title))
		);
		const formula = lines.find((l) => l.includes('HYPERLINK'))!;
		expect(parseLine(formula, ';')[3]).toBe(`'=HYPERLINK("http://esempio.invalid","apri")`);
		const first = parseLine(lines[1]!, ';');
		expect(first[1]).toBe(String(json.proposals[0]!.score.toFixed(1)).replace('.', ','));
		expect(first[2]).toBe(json.proposals[0]!.explanation);

		const english = await as(site.prepared.manager, 'en').fetch(`/api/proposals.csv?${query}`);
		const englishText = new TextDecoder().decode(
			new Uint8Array(await english.arrayBuffer()).slice(3)
		);
		expect(englishText.split('\r\n')[0]).toMatch(
			/^Position,Score,How the score is made,Title,Stage,/
		);
		const comma = await as(site.prepared.manager).fetch(
			`/api/proposals.csv?${query}&delimiter=comma`
		);
		expect(new TextDecoder().decode(new Uint8Array(await comma.arrayBuffer()).slice(3))).toMatch(
			/^Posizione,Punteggio,/
		);
		const bad = await as(site.prepared.manager).fetch(`/api/proposals.csv?${query}&delimiter=tab`);
		expect(bad.status).toBe(400);
	});

	it(
		'streams an export larger than one batch with every row once',
		{ timeout: 180_000 },
		async () => {
			const extra = 1_234;
			await site.inspect(async (db) => {
				const rows = Array.from({ length: extra }, (_, i) => ({
					title: `Idea numero ${i}`,
					processId: site.prepared.processId,
					workshopId: site.prepared.workshopId,
					provenance: {
						...bareProvenance(site.prepared.workshopId),
						votes: i % 7,
						participants: 10
					}
				}));
				for (let i = 0; i < rows.length; i += 500)
					await db.insert(proposals).values(rows.slice(i, i + 500));
			});
			if (kind === 'pglite') await site.restart();
			const response = await as(site.prepared.manager).fetch(
				`/api/proposals.csv?process=${site.prepared.processId}`
			);
			expect(response.headers.get('x-total-count')).toBe(String(extra + 6));
			const text = new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()).slice(3));
			const lines = text.split('\r\n').filter(Boolean).slice(1);
			expect(lines).toHaveLength(extra + 6);
			expect(lines.map((l) => Number(parseLine(l, ';')[0]))).toEqual(
				Array.from({ length: extra + 6 }, (_, i) => i + 1)
			);
			await site.inspect(async (db) => {
				const ids = (
					await db
						.select({ id: proposals.id })
						.from(proposals)
						.where(eq(proposals.processId, site.prepared.processId))
				)
					.map((r) => r.id)
					.filter((id) => !Object.values(site.prepared.ids).includes(id));
				for (let i = 0; i < ids.length; i += 500)
					await db.delete(proposals).where(inArray(proposals.id, ids.slice(i, i + 500)));
			});
			if (kind === 'pglite') await site.restart();
		}
	);
});

/** A CSV record split into cells (quotes undone), enough for one-line records. */
function parseLine(line: string, delimiter: string): string[] {
	const cells: string[] = [];
	let current = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i]!;
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				current += '"';
				i++;
			} else if (c === '"') quoted = false;
			else current += c;
		} else if (c === '"') quoted = true;
		else if (c === delimiter) {
			cells.push(current);
			current = '';
		} else current += c;
	}
	cells.push(current);
	return cells;
}
