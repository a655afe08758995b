import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { branches } from '../../src/lib/server/db/schema/index';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId, staffToken } from '../helpers/workshops';

// Public pages of proposals (/p/<id>, /w/<workshopId>) and GET /api/open-data/proposals.json:
// readable by anyone, with nothing staff-only, no participant ids, and the live description
// rendered safe however hostile what staff clients wrote into it.

interface Prepared {
	workshopId: string;
	emptyWorkshopId: string;
	boardId: string;
	niguarda: string;
	facilitator: string;
	manager: string;
}

const NICKNAME = '<img src=x onerror=alert(1)>';
const SECRET_TAG = 'tag-riservato-staff';
const inDays = (days: number) =>
	new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(databaseKinds)('public proposal pages on %s', (kind) => {
	let site: Site<Prepared>;
	let authorId: string;
	const keys = { locker: '', evening: '' };
	const ids = { main: '', merged: '', archived: '' };

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			env: { COLLAB_FLUSH_MS: '10' },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const [niguarda] = await db
					.select({ id: branches.id })
					.from(branches)
					.where(eq(branches.slug, 'niguarda'));
				return {
					workshopId,
					emptyWorkshopId: await addWorkshop(db, {
						code: 'VERDE7',
						title: 'Laboratorio senza proposte',
						status: 'closed'
					}),
					boardId: (await demoBoards(db, workshopId)).open,
					niguarda: niguarda!.id,
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					manager: await staffToken(db, 'responsabile@example.org')
				};
			}
		});
		const joined = await fetch(`${site.url}/api/workshops/CASA42/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: NICKNAME })
		});
		expect(joined.status).toBe(200);
		const token = /piazza_session=([^;]+)/.exec(joined.headers.get('set-cookie') ?? '')![1]!;
		authorId = ((await joined.json()) as { participantId: string }).participantId;
		keys.locker = noteKey(authorId);
		keys.evening = noteKey(authorId);

		const writer = await connect(site.url, `board:${site.prepared.boardId}`, token);
		const staff = await connect(
			site.url,
			`board:${site.prepared.boardId}`,
			site.prepared.facilitator
		);
		try {
			writer.doc.transact(() => {
				const notes = writer.doc.getMap('notes');
				notes.set(keys.locker, noteOf(authorId, NICKNAME, 'Armadietti <b>per</b> la sera'));
				notes.set(keys.evening, noteOf(authorId, NICKNAME, 'Ritiro dopo il lavoro'));
			});
			await new Promise<void>((resolve) => {
				const check = () => {
					if (staff.doc.getMap('notes').size < 2) return;
					staff.doc.off('update', check);
					resolve();
				};
				staff.doc.on('update', check);
				check();
			});
		} finally {
			writer.destroy();
			staff.destroy();
		}

		ids.main = await promote('Ritiro fuori orario', [keys.locker, keys.evening]);
		ids.merged = await promote('Armadietti in biblioteca', [keys.locker]);
		ids.archived = await promote('Ritiro la domenica', [keys.evening]);
	});
	afterAll(() => site?.stop());

	async function call(method: string, path: string, token: string | null, body?: unknown) {
		const headers: Record<string, string> = {};
		if (token) headers.cookie = `piazza_session=${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${site.url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	async function promote(title: string, noteIds: string[]) {
		const created = await call('POST', '/api/proposals', site.prepared.facilitator, {
			title,
			problem: 'Chi lavora non arriva <em>prima</em> delle 19.',
			source: { boardId: site.prepared.boardId, noteIds },
			branchIds: [site.prepared.niguarda],
			serviceSlugs: ['smart-locker']
		});
		expect(created.status).toBe(201);
		return created.body.id as string;
	}

	async function move(id: string, body: Record<string, unknown>) {
		const moved = await call(
			'POST',
			`/api/proposals/${id}/transitions`,
			site.prepared.manager,
			body
		);
		expect(moved.status, JSON.stringify(moved.body)).toBe(200);
	}

	async function page(path: string, language = 'it') {
		const response = await fetch(`${site.url}${path}`, {
			headers: { 'accept-language': language }
		});
		return { status: response.status, html: await response.text() };
	}

	/** What a hostile staff client (or a raw Yjs update) may put in the description. */
	function writeHostile(doc: Y.Doc) {
		doc.transact(() => {
			const fragment = doc.getXmlFragment('default');
			const heading = new Y.XmlElement('heading');
			heading.setAttribute('level', 2 as unknown as string);
			heading.insert(0, [new Y.XmlText('Come funziona')]);
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.setAttribute('onclick', 'alert(1)');
			const text = new Y.XmlText();
			paragraph.insert(0, [text]);
			// Written in order, with the offset counted here: the text is not in the doc yet.
			let at = 0;
			const add = (words: string, format?: Record<string, unknown>) => {
				text.insert(at, words, format);
				at += words.length;
			};
			add('Clicca qui', { link: { href: 'javascript:alert(1)' } });
			add(' oppure ', { link: null });
			add('JaVaScRiPt', { link: { href: ' JaVaScRiPt:alert(2)' } });
			add(' e ', { link: null });
			add('dati', { link: { href: 'data:text/html,<script>alert(3)</script>' } });
			add(' o il sito del Comune', {
				link: { href: 'https://www.comune.milano.it/biblioteche' },
				bold: true
			});
			// Null ends the formats before it (Yjs carries them on otherwise).
			add(' <img src=x onerror=alert(4)> &amp; fine', { link: null, bold: null });
			const script = new Y.XmlElement('script');
			script.insert(0, [new Y.XmlText('alert(5)')]);
			const iframe = new Y.XmlElement('iframe');
			iframe.setAttribute('src', 'https://evil.example');
			fragment.insert(0, [heading, paragraph, script, iframe]);
		});
	}

	it('renders hostile live text written by a staff client as inert HTML on the public page', async () => {
		const staff = await connect(site.url, `proposal:${ids.main}`, site.prepared.manager);
		try {
			writeHostile(staff.doc);
			await expect
				.poll(async () => (await page(`/p/${ids.main}`)).html)
				.toContain('<h2>Come funziona</h2><p>Clicca qui');
			expect(staff.denied).toEqual([]);
		} finally {
			staff.destroy();
		}
		const { status, html } = await page(`/p/${ids.main}`);
		expect(status).toBe(200);
		// Svelte marks where the HTML starts and ends with empty comments.
		const rich = /<div class="rich[^"]*"[^>]*>([\s\S]*?)<\/div>/
			.exec(html)![1]!
			.replace(/<!---->/g, '');
		expect(rich).toBe(
			'<h2>Come funziona</h2><p>Clicca qui oppure JaVaScRiPt e dati' +
				'<a href="https://www.comune.milano.it/biblioteche" rel="noopener nofollow ugc">' +
				'<strong> o il sito del Comune</strong></a> &lt;img src=x onerror=alert(4)&gt; ' +
				'&amp;amp; fine</p><p>alert(5)</p>'
		);
		// Nowhere on the page, hydration data included, does any of it come alive.
		expect(html).not.toMatch(
			/<img src=x|<iframe|<script>alert|javascript:|data:text\/html|onclick/i
		);
	});

	it('shows the proposal, where it comes from and its nicknames, with nothing staff-only', async () => {
		const patched = await call('PATCH', `/api/proposals/${ids.main}`, site.prepared.manager, {
			tags: [SECRET_TAG],
			targetGroups: ['Chi lavora']
		});
		expect(patched.status).toBe(200);
		const { status, html } = await page(`/p/${ids.main}`);
		expect(status).toBe(200);
		expect(html).toMatch(/<h1[^>]*>Ritiro fuori orario<\/h1>/);
		expect(html).toContain('Chi lavora non arriva &lt;em>prima&lt;/em> delle 19.');
		expect(html).toContain('Biblioteca Niguarda');
		expect(html).toContain('Chi lavora');
		expect(html).toContain('Armadietti &lt;b>per&lt;/b> la sera');
		expect(html).toContain('&lt;img src=x onerror=alert(1)>'); // the nickname, as text
		expect(html).toContain('La biblioteca che vorrei — serata di quartiere');
		expect(html).toContain(`href="/w/${site.prepared.workshopId}"`);
		expect(html).toContain('aria-current="step"');
		expect(html).not.toContain(SECRET_TAG);
		expect(html).not.toContain(authorId);
		expect(html).not.toContain('CASA42');
	});

	it('follows the proposal through its trial and evaluation, in Italian and English', async () => {
		await move(ids.main, { to: 'shortlisted', note: 'Piace a molti.' });
		const plan = {
			pilotBranchId: site.prepared.niguarda,
			startsOn: inDays(1),
			endsOn: inDays(60),
			hypothesis: 'Un armadietto fa ritirare più prestiti a chi lavora.',
			measures: [{ what: 'Prestiti ritirati dopo le 19', threshold: 'almeno 40 al mese' }]
		};
		await move(ids.main, { to: 'prototyping', note: '', plan });
		await move(ids.main, { to: 'evaluating', note: 'Fine della prova.' });
		await move(ids.main, {
			to: 'adopted',
			note: '',
			evaluation: {
				results: [{ observed: '52 al mese', met: true }],
				feedback: 'Comodo per chi esce tardi.',
				decision: 'adopt',
				why: 'Ha superato la soglia.'
			}
		});
		const it = await page(`/p/${ids.main}`);
		expect(it.html).toContain('Adottata: diventa un servizio della biblioteca');
		expect(it.html).toContain('Comincia la prova');
		expect(it.html).toContain('Prestiti ritirati dopo le 19');
		expect(it.html).toContain('52 al mese');
		expect(it.html).toContain('Ha superato la soglia.');
		expect(it.html).toContain('Obiettivi raggiunti: 1 su 1');
		expect(it.html).toContain('Piace a molti.');
		const en = await page(`/p/${ids.main}`, 'en');
		expect(en.html).toContain('Adopted: it becomes a library service');
		expect(en.html).toContain('The trial starts');
		expect(en.html).toContain('How it went');
		expect(en.html).toContain('The story of the proposal');
	});

	it('shows a merged proposal where it went, an archived one with its reason, and both on the workshop page', async () => {
		await move(ids.merged, { to: 'merged', note: 'Stessa idea.', intoId: ids.main });
		await move(ids.archived, { to: 'archived', note: 'Le biblioteche sono chiuse la domenica.' });

		const merged = await page(`/p/${ids.merged}`);
		expect(merged.html).toContain('Questa proposta ora fa parte di un’altra');
		expect(merged.html).toContain(`href="/p/${ids.main}"`);
		const main = await page(`/p/${ids.main}`);
		expect(main.html).toContain('Proposte unite a questa');
		expect(main.html).toContain(`href="/p/${ids.merged}"`);
		const archived = await page(`/p/${ids.archived}`);
		expect(archived.html).toContain('La biblioteca ha fermato questa proposta');
		expect(archived.html).toContain('Le biblioteche sono chiuse la domenica.');

		const workshop = await page(`/w/${site.prepared.workshopId}`);
		expect(workshop.status).toBe(200);
		for (const id of Object.values(ids)) expect(workshop.html).toContain(`href="/p/${id}"`);
		expect(workshop.html).toMatch(/Ritiro fuori orario<\/a>\s*<span class="stage[^"]*">Adottata/);
		expect(workshop.html).toContain('Unita a «\u2068Ritiro fuori orario\u2069»');
		expect(workshop.html).toContain('Ultimo aggiornamento:');
		expect(workshop.html).not.toContain(NICKNAME);
		expect(workshop.html).not.toContain('&lt;img');
		const english = await page(`/w/${site.prepared.workshopId}`, 'en');
		expect(english.html).toContain('Last update:');
		expect(english.html).toContain('Adopted');
	});

	it('says kindly that a workshop has no proposals yet, and 404s for proposals that do not exist', async () => {
		const empty = await page(`/w/${site.prepared.emptyWorkshopId}`);
		expect(empty.status).toBe(200);
		expect(empty.html).toContain('Nessuna proposta ancora.');
		for (const id of [
			'00000000-0000-4000-8000-000000000000',
			'nope',
			"1' or '1'='1",
			'a'.repeat(500)
		]) {
			expect((await page(`/p/${encodeURIComponent(id)}`)).status, id).toBe(404);
		}
	});

	it('publishes open data: public fields only, no personal data, hostile text neutralised', async () => {
		const response = await fetch(`${site.url}/api/open-data/proposals.json`, {
			headers: { origin: 'https://dati.comune.milano.it' }
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		expect(response.headers.get('cache-control')).toBe('public, max-age=300');
		const raw = await response.text();
		const data = JSON.parse(raw) as {
			version: number;
			language: string;
			proposals: Record<string, unknown>[];
		};
		expect(data.version).toBe(1);
		expect(data.language).toBe('it');
		expect(data.proposals.map((p) => p.id)).toEqual([ids.main, ids.merged, ids.archived]);
		const main = data.proposals[0]!;
		expect(Object.keys(main).sort()).toEqual(
			[
				'archivedReason',
				'branches',
				'createdAt',
				'description',
				'evaluation',
				'id',
				'mergedFrom',
				'mergedInto',
				'origin',
				'plan',
				'problem',
				'services',
				'stage',
				'stageChangedAt',
				'supports',
				'targetGroups',
				'timeline',
				'title',
				'url',
				'workshop'
			].sort()
		);
		expect(main).toMatchObject({
			url: `${site.url}/p/${ids.main}`,
			stage: 'adopted',
			mergedFrom: [ids.merged],
			branches: [{ slug: 'niguarda', name: 'Biblioteca Niguarda' }],
			services: [{ slug: 'smart-locker' }],
			workshop: { id: site.prepared.workshopId, url: `${site.url}/w/${site.prepared.workshopId}` },
			origin: {
				notes: [
					{ text: 'Armadietti <b>per</b> la sera', fromPaper: false },
					{ text: 'Ritiro dopo il lavoro', fromPaper: false }
				]
			},
			plan: { pilotBranch: { id: site.prepared.niguarda, name: 'Biblioteca Niguarda' } }
		});
		const description = main.description as { text: string; html: string };
		expect(description.text).toBe(
			'Come funziona\n\nClicca qui oppure JaVaScRiPt e dati o il sito del Comune ' +
				'<img src=x onerror=alert(4)> &amp; fine\n\nalert(5)'
		);
		expect(description.html).not.toMatch(/<img|<iframe|<script|javascript:|data:text|onclick/i);
		expect(description.html).toContain('href="https://www.comune.milano.it/biblioteche"');
		// No personal data: no participant ids, nicknames, staff names; no staff-only fields.
		expect(raw).not.toContain(authorId);
		expect(raw).not.toContain('onerror=alert(1)');
		expect(raw).not.toContain('authorName');
		expect(raw).not.toContain('actorName');
		expect(raw).not.toContain('Marco Bassi');
		expect(raw).not.toContain(SECRET_TAG);
		expect(raw).not.toMatch(/"(tags|owner|ownerId|mayEdit)"/);

		const english = await fetch(`${site.url}/api/open-data/proposals.json?lang=en`);
		expect((await english.json()).language).toBe('en');
		const bad = await fetch(`${site.url}/api/open-data/proposals.json?lang=xx`);
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toBe('invalid_language');
		const preflight = await fetch(`${site.url}/api/open-data/proposals.json`, {
			method: 'OPTIONS',
			headers: { origin: 'https://dati.comune.milano.it', 'access-control-request-method': 'GET' }
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
	});
});
