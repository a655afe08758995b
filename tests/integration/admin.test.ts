import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { DEMO, branchIds, signInAs, signedIn, startDemoServer } from '../helpers/staff';

type Server = Awaited<ReturnType<typeof startDemoServer>>;
type Branch = {
	id: string;
	slug: string;
	name: string;
	municipio: number | null;
	retired: boolean;
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe.each(databaseKinds)('administration on %s', (kind) => {
	let server: Server;
	let admin: Client;
	let adminId: string;
	let manager: Client;
	let facilitator: Client;

	const publicBranches = async () =>
		(await (await fetch(`${server.url}/api/branches`)).json()) as Branch[];
	const publicServices = async (language = 'it') =>
		(await (
			await fetch(`${server.url}/api/services`, { headers: { 'accept-language': language } })
		).json()) as { slug: string; name: string }[];

	beforeAll(async () => {
		server = await startDemoServer(kind);
		({ client: admin, userId: adminId } = await signInAs(server.url, DEMO.admin));
		manager = await signedIn(server.url, DEMO.manager);
		facilitator = await signedIn(server.url, DEMO.facilitator);
	});
	afterAll(() => server?.stop());

	it('refuses the admin pages and their actions to managers and facilitators with 403', async () => {
		for (const client of [manager, facilitator]) {
			for (const path of [
				'/staff/admin',
				'/staff/admin/users',
				'/staff/admin/users/new',
				'/staff/admin/branches',
				'/staff/admin/branches/new',
				'/staff/admin/services'
			]) {
				expect((await client.fetch(path)).status).toBe(403);
			}
			const branch = await client.postForm('/staff/admin/branches/new', [
				['slug', 'abusiva'],
				['name', 'Biblioteca abusiva'],
				['kind', 'neighbourhood'],
				['municipio', '3']
			]);
			expect(branch.status).toBe(403);
			const user = await client.postForm('/staff/admin/users/new', [
				['name', 'Intruso'],
				['email', 'intruso@example.org'],
				['role', 'admin'],
				['password', 'password-lunga-abbastanza']
			]);
			expect(user.status).toBe(403);
			const dergano = (await branchIds(server.url)).dergano!;
			for (const action of ['retire', 'restore', 'save', 'delete']) {
				const response = await client.postForm(`/staff/admin/branches/${dergano}?/${action}`, [
					['name', 'Biblioteca presa'],
					['kind', 'neighbourhood'],
					['municipio', '9']
				]);
				expect(response.status, action).toBe(403);
			}
		}
		expect((await publicBranches()).find((b) => b.slug === 'dergano')).toMatchObject({
			name: 'Biblioteca Dergano',
			retired: false
		});
		expect((await publicBranches()).some((b) => b.slug === 'abusiva')).toBe(false);
		const anyone = new Client(server.url);
		expect(
			(
				await anyone.post('/api/auth/sign-in', {
					email: 'intruso@example.org',
					password: 'password-lunga-abbastanza'
				})
			).status
		).toBe(401);
	});

	it('shows admins the staff list and the admin section in the navigation', async () => {
		const page = await (await admin.fetch('/staff/admin/users')).text();
		for (const name of ['Alessandra Conti', 'Giulia Ferri', 'Marco Bassi']) {
			expect(page).toContain(name);
		}
		expect(await (await admin.fetch('/staff')).text()).toContain('href="/staff/admin"');
		expect(await (await facilitator.fetch('/staff')).text()).not.toContain('href="/staff/admin"');
	});

	async function createUser(email: string, role = 'facilitator') {
		const response = await admin.postForm('/staff/admin/users/new', [
			['name', `Persona ${email}`],
			['email', email],
			['role', role],
			['password', 'una password lunga']
		]);
		expect(response.status).toBe(303);
		const list = await (await admin.fetch('/staff/admin/users')).text();
		return new RegExp(`/staff/admin/users/(${UUID})"[^>]*>[^<]*<span[^>]*>: Persona ${email}`).exec(
			list
		)![1]!;
	}

	it('creates a staff account that can then sign in, and refuses bad ones', async () => {
		await createUser('nuova@example.org', 'manager');
		const { client } = await signInAs(server.url, 'nuova@example.org', 'una password lunga');
		expect((await client.fetch('/staff')).status).toBe(200);

		const bad = await admin.postForm('/staff/admin/users/new', [
			['name', 'Doppione'],
			['email', 'NUOVA@example.org'],
			['role', 'facilitator'],
			['password', 'secret-not-echoed']
		]);
		expect(bad.status).toBe(400);
		const html = await bad.text();
		expect(html).toContain('Esiste già un account con questa email.');
		expect(html).toContain('value="NUOVA@example.org"');
		expect(html).not.toContain('secret-not-echoed');

		const weak = await admin.postForm('/staff/admin/users/new', [
			['name', 'Debole'],
			['email', 'debole@example.org'],
			['role', 'facilitator'],
			['password', 'short']
		]);
		expect(weak.status).toBe(400);
		expect(await weak.text()).toContain('La password deve avere almeno 10 caratteri.');

		const role = await admin.postForm('/staff/admin/users/new', [
			['name', 'Ruolo strano'],
			['email', 'ruolo@example.org'],
			['role', 'superuser'],
			['password', 'una password lunga']
		]);
		expect(role.status).toBe(400);
	});

	it('refuses names with controls, line breaks, escapes or reordering characters, and stores nothing', async () => {
		for (const name of ['A\u0000B', 'Ada\nLovelace', 'Ada\u001b[2J', '\u202Eecalevol aiG']) {
			const response = await admin.postForm('/staff/admin/users/new', [
				['name', name],
				['email', 'strana@example.org'],
				['role', 'facilitator'],
				['password', 'una password lunga']
			]);
			expect(response.status, JSON.stringify(name)).toBe(400);
			expect(await response.text()).toContain(
				'Contiene caratteri non ammessi: ritorni a capo, caratteri invisibili o di controllo.'
			);
		}
		const nul = await admin.postForm('/staff/admin/users/new', [
			['name', 'Persona normale'],
			['email', 'n\u0000ul@x.it'],
			['role', 'facilitator'],
			['password', 'una password lunga']
		]);
		expect(nul.status).toBe(400);
		expect(await nul.text()).toContain("Questa non sembra un'email valida.");
		const list = await (await admin.fetch('/staff/admin/users')).text();
		expect(list).not.toContain('strana@example.org');
		expect(list).not.toContain('x.it');
	});

	it('names every wrong field of a new account at once, in the person’s language, keeping what was typed', async () => {
		const english = new Client(server.url, { 'accept-language': 'en' });
		english.cookies.set('piazza_session', admin.cookies.get('piazza_session')!);
		const response = await english.postForm('/staff/admin/users/new', [
			['name', 'x'.repeat(81)],
			['email', 'not an email'],
			['role', 'overlord'],
			['password', 'short-pw']
		]);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('At most 80 characters.');
		expect(html).toContain('This does not look like a valid email.');
		expect(html).toContain('Choose one of the roles offered.');
		expect(html).toContain('The password must be at least 10 characters long.');
		expect(html).toContain(`value="${'x'.repeat(81)}"`);
		expect(html).toContain('value="not an email"');
		expect(html).not.toContain('short-pw');
	});

	it('accepts a name of fifty 👍: characters are counted as people see them', async () => {
		const name = '👍'.repeat(50);
		const response = await admin.postForm('/staff/admin/users/new', [
			['name', name],
			['email', 'pollici@example.org'],
			['role', 'facilitator'],
			['password', 'una password lunga']
		]);
		expect(response.status).toBe(303);
		expect(await (await admin.fetch('/staff/admin/users')).text()).toContain(name);
	});

	it('changes a role, and disabling an account ends its sessions at once', async () => {
		const id = await createUser('temporanea@example.org');
		const { client } = await signInAs(server.url, 'temporanea@example.org', 'una password lunga');
		expect((await client.fetch('/staff/admin/users')).status).toBe(403);

		expect(
			(await admin.postForm(`/staff/admin/users/${id}?/role`, [['role', 'admin']])).status
		).toBe(303);
		expect((await client.fetch('/staff/admin/users')).status).toBe(200);

		expect((await admin.postForm(`/staff/admin/users/${id}?/disable`, [])).status).toBe(303);
		const after = await client.fetch('/staff');
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/^\/staff\/sign-in/);
		const again = await new Client(server.url).post('/api/auth/sign-in', {
			email: 'temporanea@example.org',
			password: 'una password lunga'
		});
		expect(again.status).toBe(401);

		expect((await admin.postForm(`/staff/admin/users/${id}?/enable`, [])).status).toBe(303);
		await signInAs(server.url, 'temporanea@example.org', 'una password lunga');
	});

	it('does not let an admin demote or disable themself', async () => {
		const demote = await admin.postForm(`/staff/admin/users/${adminId}?/role`, [
			['role', 'facilitator']
		]);
		expect(demote.status).toBe(400);
		expect(await demote.text()).toContain('Non puoi togliere a te stesso il ruolo');
		const disable = await admin.postForm(`/staff/admin/users/${adminId}?/disable`, []);
		expect(disable.status).toBe(400);
		expect((await admin.fetch('/staff/admin/users')).status).toBe(200);
	});

	it('adds a branch that appears in the public list and in the process form', async () => {
		const response = await admin.postForm('/staff/admin/branches/new', [
			['slug', 'Villapizzone'],
			['name', 'Biblioteca Villapizzone'],
			['kind', 'neighbourhood'],
			['municipio', '8']
		]);
		expect(response.status).toBe(303);
		const branch = (await publicBranches()).find((b) => b.slug === 'villapizzone');
		expect(branch).toMatchObject({ name: 'Biblioteca Villapizzone', municipio: 8, retired: false });
		expect(await (await facilitator.fetch('/staff/processes/new')).text()).toContain(
			'Biblioteca Villapizzone'
		);
	});

	it('refuses a branch with a taken or malformed slug, and stores nothing', async () => {
		const before = (await publicBranches()).length;
		const taken = await admin.postForm('/staff/admin/branches/new', [
			['slug', 'dergano'],
			['name', 'Un’altra Dergano'],
			['kind', 'neighbourhood'],
			['municipio', '9']
		]);
		expect(taken.status).toBe(400);
		expect(await taken.text()).toContain('Questo identificativo è già usato.');
		const malformed = await admin.postForm('/staff/admin/branches/new', [
			['slug', 'via roma/2'],
			['name', ''],
			['kind', 'castle'],
			['municipio', '42']
		]);
		expect(malformed.status).toBe(400);
		const html = await malformed.text();
		expect(html).toContain('Solo lettere minuscole senza accenti');
		expect(html).toContain('value="via roma/2"');
		expect((await publicBranches()).length).toBe(before);
	});

	it('renames a branch but never changes its slug', async () => {
		const id = (await branchIds(server.url)).zara!;
		const response = await admin.postForm(`/staff/admin/branches/${id}?/save`, [
			['slug', 'not-zara'],
			['name', 'Biblioteca Zara — Isola'],
			['kind', 'neighbourhood'],
			['municipio', '2']
		]);
		expect(response.status).toBe(303);
		const branch = (await publicBranches()).find((b) => b.id === id);
		expect(branch).toMatchObject({ slug: 'zara', name: 'Biblioteca Zara — Isola' });
	});

	it('retires a branch in use instead of deleting it, and can restore it', async () => {
		const id = (await branchIds(server.url)).dergano!;
		const refused = await admin.postForm(`/staff/admin/branches/${id}?/delete`, []);
		expect(refused.status).toBe(409);
		expect(await refused.text()).toContain('dismettila invece di eliminarla');
		expect((await publicBranches()).find((b) => b.id === id)).toMatchObject({ retired: false });

		expect((await admin.postForm(`/staff/admin/branches/${id}?/retire`, [])).status).toBe(303);
		expect((await publicBranches()).find((b) => b.id === id)).toMatchObject({ retired: true });
		// No longer offered for new work, and refused if posted anyway.
		expect(await (await facilitator.fetch('/staff/processes/new')).text()).not.toContain(
			`value="${id}"`
		);
		const process = await facilitator.postForm('/staff/processes/new', [
			['title', 'Su una biblioteca dismessa'],
			['branchIds', id]
		]);
		expect(process.status).toBe(400);
		// The demo process keeps it, marked as retired.
		expect(await (await facilitator.fetch('/staff')).text()).toContain('dismessa');

		expect((await admin.postForm(`/staff/admin/branches/${id}?/restore`, [])).status).toBe(303);
		expect((await publicBranches()).find((b) => b.id === id)).toMatchObject({ retired: false });
	});

	it('deletes a branch that nothing refers to', async () => {
		await admin.postForm('/staff/admin/branches/new', [
			['slug', 'errore-di-battitura'],
			['name', 'Bibloteca sbagliata'],
			['kind', 'other'],
			['municipio', '']
		]);
		const branch = (await publicBranches()).find((b) => b.slug === 'errore-di-battitura')!;
		expect(branch.municipio).toBeNull();
		const response = await admin.postForm(`/staff/admin/branches/${branch.id}?/delete`, []);
		expect(response.status).toBe(303);
		expect((await publicBranches()).some((b) => b.slug === 'errore-di-battitura')).toBe(false);
	});

	it('adds, renames and retires a service, named in both languages', async () => {
		const created = await admin.postForm('/staff/admin/services/new', [
			['slug', 'podcast'],
			['nameIt', 'Podcast di quartiere'],
			['nameEn', 'Neighbourhood podcasts']
		]);
		expect(created.status).toBe(303);
		expect(await publicServices('it')).toContainEqual({
			slug: 'podcast',
			name: 'Podcast di quartiere'
		});
		expect(await publicServices('en')).toContainEqual({
			slug: 'podcast',
			name: 'Neighbourhood podcasts'
		});

		const page = await (await admin.fetch('/staff/admin/services')).text();
		const id = new RegExp(
			`/staff/admin/services/(${UUID})"[^>]*>[^<]*<span[^>]*>: Podcast di quartiere`
		).exec(page)![1]!;
		expect(
			(
				await admin.postForm(`/staff/admin/services/${id}?/save`, [
					['nameIt', 'Podcast della biblioteca'],
					['nameEn', 'Library podcasts']
				])
			).status
		).toBe(303);
		expect(await publicServices('en')).toContainEqual({
			slug: 'podcast',
			name: 'Library podcasts'
		});

		expect((await admin.postForm(`/staff/admin/services/${id}?/retire`, [])).status).toBe(303);
		expect((await publicServices()).some((s) => s.slug === 'podcast')).toBe(false);
		expect((await admin.postForm(`/staff/admin/services/${id}?/restore`, [])).status).toBe(303);
		expect((await publicServices()).some((s) => s.slug === 'podcast')).toBe(true);

		const incomplete = await admin.postForm('/staff/admin/services/new', [
			['slug', 'orto'],
			['nameIt', 'Orto condiviso'],
			['nameEn', '']
		]);
		expect(incomplete.status).toBe(400);
		expect(await incomplete.text()).toContain('Questo campo è obbligatorio.');
		const duplicate = await admin.postForm('/staff/admin/services/new', [
			['slug', 'podcast'],
			['nameIt', 'Doppio'],
			['nameEn', 'Double']
		]);
		expect(duplicate.status).toBe(400);
		expect(await duplicate.text()).toContain('Questo identificativo è già usato.');
		expect((await publicServices()).some((s) => s.slug === 'orto' || s.name === 'Doppio')).toBe(
			false
		);
	});
});
