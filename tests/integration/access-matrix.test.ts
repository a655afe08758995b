import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROLES, LIVE_ACCESS, ROUTE_ACCESS } from '../../src/lib/domain/access-matrix';
import type {
	HttpAnswer,
	LiveAccess,
	LiveAnswer,
	Role,
	RouteAccess
} from '../../src/lib/domain/access-matrix';
import { DOC_KINDS, PROPOSAL_TEXT_FIELD } from '../../src/lib/domain/collab/doc-name';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Database } from '../../src/lib/server/db/client';
import {
	boards,
	branches,
	processes,
	proposals,
	services,
	workshopFacilitators,
	workshops
} from '../../src/lib/server/db/schema/index';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import * as users from '../../src/lib/server/staff/users';
import { connect, demoBoards, noteKey, noteOf, rawAttempt } from '../helpers/collab';
import type { Client as LiveClient } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { bareProvenance } from '../helpers/proposals';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

// The authorisation matrix (src/lib/domain/access-matrix.ts) against the real server: every route,
// method and form action, and every kind of live document, asked as every role.

const ROUTES_DIR = path.resolve('src/routes');
const TABLE = 'src/lib/domain/access-matrix.ts';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

interface Found {
	route: string;
	method: string;
	action?: string;
	file: string;
}

/** Every page, endpoint method and form action under src/routes, as the table keys them. */
function routesOnDisk(): Found[] {
	const found: Found[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			if (entry.isDirectory()) walk(path.join(dir, entry.name));
		}
		const route = '/' + path.relative(ROUTES_DIR, dir).split(path.sep).join('/');
		const id = route === '/' ? '/' : route.replace(/\/$/, '');
		const file = (name: string) => path.relative(process.cwd(), path.join(dir, name));
		const page = ['+page.svelte', '+page.server.ts', '+page.ts'].find((name) =>
			fs.existsSync(path.join(dir, name))
		);
		if (page) found.push({ route: id, method: 'GET', file: file(page) });
		const pageServer = path.join(dir, '+page.server.ts');
		if (fs.existsSync(pageServer)) {
			for (const action of actionNames(fs.readFileSync(pageServer, 'utf8'))) {
				found.push({ route: id, method: 'POST', action, file: file('+page.server.ts') });
			}
		}
		const endpoint = path.join(dir, '+server.ts');
		if (fs.existsSync(endpoint)) {
			const source = fs.readFileSync(endpoint, 'utf8');
			for (const method of METHODS) {
				if (new RegExp(`export (const|(async )?function) ${method}\\b`).test(source)) {
					found.push({ route: id, method, file: file('+server.ts') });
				}
			}
		}
	};
	walk(ROUTES_DIR);
	return found;
}

/**
 * The form actions a `+page.server.ts` declares: the keys of its action objects (one tab in, an
 * async function), and `retire`/`restore` where it spreads `retireActions(…)`.
 */
function actionNames(source: string): string[] {
	if (!/export const actions\b/.test(source)) return [];
	const names = [...source.matchAll(/^\t(\w+): async\b/gm)].map((m) => m[1]!);
	if (source.includes('...retireActions(')) names.push('retire', 'restore');
	return names;
}

const keyOf = (r: { route: string; method: string; action?: string }) =>
	`${r.method} ${r.route}${r.action ? ` ?/${r.action}` : ''}`;

/** The line to paste into ROUTE_ACCESS for a route the table lacks. */
function rowToAdd(r: Found): string {
	const action = r.action ? ` action: '${r.action}',` : '';
	return (
		`  { route: '${r.route}', method: '${r.method}',${action} answers: { ` +
		ROLES.map((role) => `${role}: ?`).join(', ') +
		` } },   // ${r.file}`
	);
}

describe('the authorisation matrix', () => {
	it('has a row for every page, endpoint method and form action under src/routes, and none for what is gone', () => {
		const onDisk = routesOnDisk();
		const listed = new Set(ROUTE_ACCESS.map(keyOf));
		const missing = onDisk.filter((r) => !listed.has(keyOf(r)));
		const present = new Set(onDisk.map(keyOf));
		const stale = ROUTE_ACCESS.filter((r) => !present.has(keyOf(r)));
		const message = [
			missing.length
				? `These routes have no row in ROUTE_ACCESS (${TABLE}). Add one each, with what every role ` +
					`should get (a status, or 'redirect /path'), following the fixtures described at the top ` +
					`of the file; form actions are POSTed an empty form, endpoints an empty JSON object:\n` +
					missing.map(rowToAdd).join('\n')
				: '',
			stale.length
				? `These rows of ROUTE_ACCESS (${TABLE}) name a route, method or action that no longer ` +
					`exists: remove or rename them:\n` +
					stale.map((r) => `  ${keyOf(r)}`).join('\n')
				: ''
		]
			.filter(Boolean)
			.join('\n\n');
		expect(message).toBe('');
	});

	it('has a row for every kind of live document, and for one that does not exist', () => {
		const kinds = (missing: boolean) =>
			LIVE_ACCESS.filter((r) => Boolean(r.missing) === missing).map((r) => r.kind);
		const message = `LIVE_ACCESS (${TABLE}) needs a row for each kind in DOC_KINDS, and one with missing: true`;
		expect(kinds(false).sort(), message).toEqual([...DOC_KINDS].sort());
		expect(kinds(true).sort(), message).toEqual([...DOC_KINDS].sort());
	});

	it('lists each row once, with an answer for every role', () => {
		const keys = ROUTE_ACCESS.map(keyOf);
		expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
		for (const row of [...ROUTE_ACCESS, ...LIVE_ACCESS]) {
			expect(Object.keys(row.answers).sort()).toEqual([...ROLES].sort());
		}
	});
});

interface Prepared {
	workshopId: string;
	listeningPointId: string;
	otherWorkshopId: string;
	boardId: string;
	proposalId: string;
	processId: string;
	userId: string;
	branchId: string;
	serviceId: string;
	tokens: Pick<Record<Role, string>, 'facilitator' | 'facilitatorElsewhere' | 'manager' | 'admin'>;
}

/** Workshop B, its own process and facilitator, and the spare things admins act on. */
async function prepare(db: Database): Promise<Prepared> {
	const workshopId = await demoWorkshopId(db);
	const [workshop] = await db
		.select({ processId: workshops.processId })
		.from(workshops)
		.where(eq(workshops.id, workshopId));
	const account = async (email: string, name: string) => {
		const created = await users.create(db, {
			email,
			name,
			role: 'facilitator',
			password: DEMO_PASSWORD
		});
		if (!created.ok) throw new Error(JSON.stringify(created.errors));
		return created.id;
	};
	const elsewhere = await account('facilitatrice.b@example.org', 'Bianca Neri');
	const spare = await account('riserva@example.org', 'Rita Riserva');
	const [process] = await db
		.insert(processes)
		.values({ title: 'Un altro percorso', createdBy: elsewhere })
		.returning({ id: processes.id });
	const [other] = await db
		.insert(workshops)
		.values({ processId: process!.id, code: 'PANE45', title: 'Altrove', status: 'live' })
		.returning({ id: workshops.id });
	await db.insert(workshopFacilitators).values({ workshopId: other!.id, userId: elsewhere });
	await db
		.insert(boards)
		.values({ workshopId: other!.id, kind: 'idea-wall', prompt: 'Altrove', phase: 'open' });
	const [listeningPoint] = await db
		.insert(workshops)
		.values({
			processId: workshop!.processId,
			code: 'PARC22',
			title: 'Punto di ascolto',
			status: 'live',
			format: 'listening-point',
			opensAt: new Date(Date.now() - 86_400_000),
			closesAt: new Date(Date.now() + 7 * 86_400_000)
		})
		.returning({ id: workshops.id });
	const facilitatorId = (await users.findByEmail(db, 'facilitatore@example.org'))!.id;
	await db
		.insert(workshopFacilitators)
		.values({ workshopId: listeningPoint!.id, userId: facilitatorId });
	const [proposal] = await db
		.insert(proposals)
		.values({
			workshopId,
			processId: workshop!.processId,
			title: 'Prestito serale',
			provenance: bareProvenance(workshopId)
		})
		.returning({ id: proposals.id });
	const [branch] = await db
		.insert(branches)
		.values({ slug: 'riserva', name: 'Biblioteca di riserva' })
		.returning({ id: branches.id });
	const [service] = await db.select({ id: services.id }).from(services).limit(1);
	return {
		workshopId,
		listeningPointId: listeningPoint!.id,
		otherWorkshopId: other!.id,
		boardId: (await demoBoards(db, workshopId)).open,
		proposalId: proposal!.id,
		processId: workshop!.processId,
		userId: spare,
		branchId: branch!.id,
		serviceId: service!.id,
		tokens: {
			facilitator: await staffToken(db, 'facilitatore@example.org'),
			facilitatorElsewhere: (await sessions.create(db, { userId: elsewhere }, 7)).token,
			manager: await staffToken(db, 'responsabile@example.org'),
			admin: await staffToken(db, 'admin@example.org')
		}
	};
}

/** A resident who joined the workshop with `code`: their cookie and participant id. */
async function join(baseUrl: string, code: string, name: string) {
	const client = new Client(baseUrl);
	const response = await client.post(`/api/workshops/${code}/join`, { name });
	expect(response.status).toBe(200);
	const { participantId } = (await response.json()) as { participantId: string };
	return { token: client.cookies.get(sessions.COOKIE_NAME)!, participantId };
}

/** What an answer looks like in the table: the status, or where a redirect goes. */
function answerOf(response: Response): HttpAnswer {
	const location = response.headers.get('location');
	if (response.status >= 300 && response.status < 400 && location) {
		return `redirect ${new URL(location, 'http://x').pathname}` as HttpAnswer;
	}
	return response.status;
}

describe.each(databaseKinds)('the authorisation matrix against the server on %s', (kind) => {
	let site: Site<Prepared>;
	const cookies = {} as Record<Role, string | null>;
	let params: Record<string, string>;
	let participantId: string;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, { prepare, env: { COLLAB_FLUSH_MS: '10' } });
		const here = await join(site.url, 'CASA42', 'Maria');
		const there = await join(site.url, 'PANE45', 'Gianni');
		participantId = here.participantId;
		Object.assign(cookies, {
			anonymous: null,
			participant: here.token,
			participantElsewhere: there.token,
			...site.prepared.tokens
		});
		const asResident = new Client(site.url);
		asResident.cookies.set(sessions.COOKIE_NAME, here.token);
		const comment = await asResident.post(`/api/proposals/${site.prepared.proposalId}/comments`, {
			text: 'La sera dopo il lavoro sarebbe perfetto'
		});
		expect(comment.status).toBe(201);
		const { comment: posted } = (await comment.json()) as { comment: { id: string } };
		const commentId = posted.id;
		const p = site.prepared;
		params = {
			workshopId: p.workshopId,
			boardId: p.boardId,
			proposalId: p.proposalId,
			commentId,
			code: 'CASA42',
			processId: p.processId,
			userId: p.userId,
			branchId: p.branchId,
			serviceId: p.serviceId,
			token: 'nessuno',
			participantId
		};
	});
	afterAll(() => site?.stop());

	/** The address a row is asked at: groups left out, parameters filled from the fixtures. */
	const urlOf = (row: RouteAccess) => {
		const fill = (name: string) =>
			row.listeningPoint && name === 'workshopId' ? site.prepared.listeningPointId : params[name]!;
		const pathname =
			row.route
				.split('/')
				.filter((s) => !/^\(.*\)$/.test(s))
				.map((s) => s.replace(/^\[(\w+)\]$/, (_, name: string) => fill(name)))
				.join('/') || '/';
		// The unnamed action is posted to the page itself, as its form does.
		return row.action && row.action !== 'default' ? `${pathname}?/${row.action}` : pathname;
	};

	/** A redirect's path with the fixtures' ids written as the `[param]` they fill. */
	const named = (answer: HttpAnswer): HttpAnswer => {
		if (typeof answer === 'number') return answer;
		let text: string = answer;
		for (const [name, value] of Object.entries(params)) {
			if (value.length > 8) text = text.replaceAll(value, `[${name}]`);
		}
		return text as HttpAnswer;
	};

	const ask = async (row: RouteAccess, role: Role): Promise<HttpAnswer> => {
		const client = new Client(site.url);
		if (cookies[role]) client.cookies.set(sessions.COOKIE_NAME, cookies[role]!);
		const url = urlOf(row);
		if (row.action) {
			const fields = row.body && row.body !== 'none' ? row.body : {};
			return answerOf(
				await client.postForm(
					url,
					Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])
				)
			);
		}
		if (row.method === 'GET' || row.method === 'OPTIONS' || row.method === 'HEAD') {
			return answerOf(await client.fetch(url, { method: row.method }));
		}
		if (row.body === 'none') return answerOf(await client.fetch(url, { method: row.method }));
		return answerOf(
			await client.fetch(url, {
				method: row.method,
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(row.body ?? {})
			})
		);
	};

	/** Every difference between the table and the server, one line each. */
	const differences = async (rows: RouteAccess[]) => {
		const lines: string[] = [];
		for (const row of rows) {
			for (const role of ROLES) {
				const answered = named(await ask(row, role));
				if (answered !== row.answers[role]) {
					lines.push(
						`${keyOf(row)} as ${role}: the table says ${row.answers[role]}, the server answered ${answered}`
					);
				}
			}
		}
		return lines;
	};

	it('answers every page and safe request as the table says, for every role', async () => {
		const safe = ROUTE_ACCESS.filter((r) => ['GET', 'HEAD', 'OPTIONS'].includes(r.method));
		expect(await differences(safe)).toEqual([]);
	});

	it('answers every write and form action as the table says, for every role', async () => {
		const writes = ROUTE_ACCESS.filter(
			(r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.last
		);
		expect(await differences(writes)).toEqual([]);
	});

	/** The name of the live document a row opens. */
	const docOf = (row: LiveAccess) => {
		const p = site.prepared;
		if (row.missing) {
			const none = crypto.randomUUID();
			return row.kind === 'inbox' ? `inbox:${none}:${participantId}` : `${row.kind}:${none}`;
		}
		switch (row.kind) {
			case 'board':
			case 'held':
				return `${row.kind}:${p.boardId}`;
			case 'control':
				return `control:${p.workshopId}`;
			case 'proposal':
				return `proposal:${p.proposalId}`;
			case 'inbox':
				return `inbox:${p.boardId}:${participantId}`;
		}
	};

	/**
	 * A write of the document's kind: `foreign` one that only a full writer may make (a note of
	 * someone else's, the description, the control state), otherwise the participant's own note.
	 */
	const write = (row: LiveAccess, doc: Y.Doc, foreign: boolean): ((seen: Y.Doc) => boolean) => {
		if (row.kind === 'proposal') {
			const text = new Y.XmlText('riga');
			doc.getXmlFragment(PROPOSAL_TEXT_FIELD).insert(0, [text]);
			return (seen) => seen.getXmlFragment(PROPOSAL_TEXT_FIELD).toString().includes('riga');
		}
		if (row.kind === 'control') {
			doc.getMap('control').set('probe', 1);
			return (seen) => seen.getMap('control').has('probe');
		}
		const author = foreign ? crypto.randomUUID() : participantId;
		const key = noteKey(author);
		doc.getMap('notes').set(key, noteOf(author, 'Maria', 'prova'));
		return (seen) => seen.getMap('notes').has(key);
	};

	/**
	 * Whether a write lands (an admin reading along sees it) or is refused (denied to the writer).
	 * A note written to an inbox while its board holds nothing back moves on to the board at once,
	 * so for an inbox the admin reads the board too.
	 */
	const lands = async (
		client: LiveClient,
		observers: LiveClient[],
		check: (d: Y.Doc) => boolean
	) => {
		const before = client.denied.length;
		const seen = () => observers.some((o) => check(o.doc));
		try {
			await expect
				.poll(() => client.denied.length > before || seen(), { timeout: 5_000 })
				.toBe(true);
		} catch {
			throw new Error(`${client.provider.roomname}: a write was neither refused nor seen`);
		}
		return client.denied.length === before;
	};

	/**
	 * Opens the row's document as `role` with a stock provider: how the server closed it, or what
	 * it let this role write. Each try of a write has a socket of its own: after a refused update
	 * the client's later updates build on it and would be refused too.
	 */
	const open = async (row: LiveAccess, role: Role): Promise<LiveAnswer> => {
		const name = docOf(row);
		const attempt = async <T>(fn: (client: LiveClient) => Promise<T>): Promise<T | number> => {
			const client = await connect(site.url, name, cookies[role], { waitForSync: false });
			try {
				const outcome = await Promise.race([
					new Promise<'open'>((resolve) => client.provider.once('sync', () => resolve('open'))),
					client.closed.then((c) => c.code)
				]);
				return outcome === 'open' ? await fn(client) : outcome;
			} finally {
				client.destroy();
			}
		};
		const admitted = await attempt(() => Promise.resolve(true));
		if (typeof admitted === 'number') return admitted as LiveAnswer;
		const observers = [await connect(site.url, name, cookies.admin)];
		if (row.kind === 'inbox') {
			observers.push(await connect(site.url, `board:${site.prepared.boardId}`, cookies.admin));
		}
		try {
			const full = await attempt((c) => lands(c, observers, write(row, c.doc, true)));
			if (typeof full === 'number') return full as LiveAnswer;
			if (full) return 'write';
			if (row.kind !== 'board' && row.kind !== 'inbox') return 'read';
			const own = await attempt((c) => lands(c, observers, write(row, c.doc, false)));
			return own === true ? 'own-notes' : 'read';
		} finally {
			for (const observer of observers) observer.destroy();
		}
	};

	it('admits every role to every kind of live document as the table says', async () => {
		const lines: string[] = [];
		for (const row of LIVE_ACCESS) {
			for (const role of ROLES) {
				const answered = await open(row, role);
				if (answered !== row.answers[role]) {
					lines.push(
						`${row.kind}: (${row.document}) as ${role}: the table says ${row.answers[role]}, the server answered ${answered}`
					);
				}
			}
		}
		expect(lines).toEqual([]);
	});

	it("gives a proposal's staff fields only to staff who may edit it, and its public fields to other staff", async () => {
		const read = async (role: Role) => {
			const client = new Client(site.url);
			client.cookies.set(sessions.COOKIE_NAME, cookies[role]!);
			const response = await client.fetch(`/api/proposals/${site.prepared.proposalId}`);
			expect(response.status).toBe(200);
			return (await response.json()) as Record<string, unknown>;
		};
		expect(await read('facilitator')).toHaveProperty('tags');
		expect(await read('manager')).toHaveProperty('tags');
		const elsewhere = await read('facilitatorElsewhere');
		expect(elsewhere).not.toHaveProperty('tags');
		expect(elsewhere).not.toHaveProperty('owner');
		expect(elsewhere.title).toBe('Prestito serale');
	});

	it("shows a facilitator of another workshop none of workshop A's on the staff pages every member of staff may open", async () => {
		const elsewhere = new Client(site.url);
		elsewhere.cookies.set(sessions.COOKIE_NAME, cookies.facilitatorElsewhere!);
		const leaks: string[] = [];
		const open = ROUTE_ACCESS.filter(
			(r) =>
				r.method === 'GET' && r.answers.facilitatorElsewhere === 200 && r.route.includes('/staff')
		);
		for (const row of open) {
			const html = await (await elsewhere.fetch(urlOf(row))).text();
			for (const secret of ['serata di quartiere', 'CASA42', 'Prestito serale', 'Maria']) {
				if (html.includes(secret)) leaks.push(`${keyOf(row)} shows "${secret}"`);
			}
		}
		expect(open.length).toBeGreaterThan(3);
		expect(leaks).toEqual([]);
	});

	it('answers every page, as every role, with the security headers', async () => {
		const pages = new Set(
			routesOnDisk()
				.filter((r) => r.method === 'GET' && /\/\+page\.[^/]+$/.test(r.file))
				.map((r) => r.route)
		);
		const rows = ROUTE_ACCESS.filter((r) => r.method === 'GET' && pages.has(r.route));
		const problems: string[] = [];
		let html = 0;
		for (const row of rows) {
			for (const role of ROLES) {
				const client = new Client(site.url);
				if (cookies[role]) client.cookies.set(sessions.COOKIE_NAME, cookies[role]!);
				const response = await client.fetch(urlOf(row));
				await response.arrayBuffer();
				if (!response.headers.get('content-type')?.startsWith('text/html')) continue;
				html++;
				const where = `${keyOf(row)} as ${role} (${response.status})`;
				const csp = response.headers.get('content-security-policy') ?? '';
				const scripts = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1];
				if (!scripts) problems.push(`${where}: no script-src in the CSP "${csp}"`);
				else if (scripts.includes("'unsafe-inline'"))
					problems.push(`${where}: inline scripts allowed`);
				if (!/(?:^|;)\s*frame-ancestors 'none'/.test(csp)) problems.push(`${where}: may be framed`);
				if (!response.headers.get('referrer-policy')) problems.push(`${where}: no Referrer-Policy`);
				if (!response.headers.get('permissions-policy')?.includes('camera=()')) {
					problems.push(`${where}: no Permissions-Policy`);
				}
				if (response.headers.get('x-content-type-options') !== 'nosniff') {
					problems.push(`${where}: no X-Content-Type-Options`);
				}
			}
		}
		expect(problems).toEqual([]);
		// Redirects carry no page; every page row still answered someone in HTML.
		expect(html).toBeGreaterThan(rows.length);
	});

	it('refuses every form post and every API write sent from another site, even with an admin session', async () => {
		const foreign = 'https://evil.example';
		const problems: string[] = [];
		let asked = 0;
		const admin = new Client(site.url, { origin: foreign });
		admin.cookies.set(sessions.COOKIE_NAME, cookies.admin!);
		for (const row of ROUTE_ACCESS) {
			const form = Boolean(row.action) || row.route === '/language';
			if (
				!form &&
				(['GET', 'HEAD', 'OPTIONS'].includes(row.method) || !row.route.startsWith('/api/'))
			) {
				continue;
			}
			const response = form
				? await admin.postForm(urlOf(row), {})
				: await admin.fetch(urlOf(row), {
						method: row.method,
						headers: { 'content-type': 'application/json' },
						body: '{}'
					});
			asked++;
			const text = await response.text();
			// SvelteKit's CSRF check for forms; handleApiOrigin (hooks.server.ts) for the API.
			const refused = form
				? response.status === 403 && /Cross-site .* form submissions are forbidden/.test(text)
				: response.status === 403 && JSON.parse(text).error === 'cross_site';
			if (!refused) problems.push(`${keyOf(row)}: ${response.status} ${text.slice(0, 80)}`);
		}
		expect(problems).toEqual([]);
		expect(asked).toBe(
			ROUTE_ACCESS.filter(
				(r) =>
					r.action ||
					r.route === '/language' ||
					(r.route.startsWith('/api/') && !['GET', 'HEAD', 'OPTIONS'].includes(r.method))
			).length
		);
		expect(asked).toBeGreaterThan(50);
		// The admin is still signed in: the cross-site sign-outs changed nothing.
		const still = new Client(site.url);
		still.cookies.set(sessions.COOKIE_NAME, cookies.admin!);
		expect((await still.fetch('/staff/admin/users')).status).toBe(200);
	});

	it('refuses a live document opened from another site, even with an admin session', async () => {
		for (const row of LIVE_ACCESS.filter((r) => !r.missing)) {
			const answer = await rawAttempt(site.url, `/collab/${docOf(row)}`, {
				cookie: `${sessions.COOKIE_NAME}=${cookies.admin}`,
				origin: 'https://evil.example'
			});
			expect(answer, row.kind).toEqual({ httpStatus: 403 });
		}
	});

	it('signs everyone out as the table says (last: it ends the sessions)', async () => {
		expect(await differences(ROUTE_ACCESS.filter((r) => r.last))).toEqual([]);
	});
});
