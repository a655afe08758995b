import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { connect } from '../helpers/collab';
import { Client } from '../helpers/http';
import * as controlDoc from '../../src/lib/domain/workshop/control-doc';
import { DEMO, branchIds, escaped, signInAs, signedIn, startDemoServer } from '../helpers/staff';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function workshopFields(overrides: Record<string, string | string[]> = {}): [string, string][] {
	const fields: Record<string, string | string[]> = {
		title: 'Serata delle idee',
		startsAt: '2026-07-15T18:30',
		placeKind: 'branch',
		placeText: '',
		welcomeText: 'Benvenuti!',
		...overrides
	};
	return Object.entries(fields).flatMap(([name, value]) =>
		(Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v])
	);
}

describe.each(databaseKinds)('processes and workshops on %s', (kind) => {
	let server: Server;
	let facilitator: Client;
	let facilitatorId: string;
	let colleague: Client;
	let colleagueId: string;
	let manager: Client;
	let branches: Record<string, string>;
	let demoProcessId: string;

	beforeAll(async () => {
		server = await startDemoServer(kind);
		({ client: facilitator, userId: facilitatorId } = await signInAs(server.url, DEMO.facilitator));
		manager = await signedIn(server.url, DEMO.manager);
		const admin = await signedIn(server.url, DEMO.admin);
		const created = await admin.postForm('/staff/admin/users/new', [
			['name', 'Chiara Colombo'],
			['email', 'collega@example.org'],
			['role', 'facilitator'],
			['password', 'another long password']
		]);
		expect(created.status).toBe(303);
		({ client: colleague, userId: colleagueId } = await signInAs(
			server.url,
			'collega@example.org',
			'another long password'
		));
		branches = await branchIds(server.url);
		const dashboard = await (await facilitator.fetch('/staff')).text();
		demoProcessId = new RegExp(`id="process-(${UUID})"`).exec(dashboard)![1]!;
	});
	afterAll(() => server?.stop());

	it('sends anonymous visitors of staff pages to sign in, and back afterwards', async () => {
		const anonymous = new Client(server.url);
		for (const path of ['/staff', '/staff/workshops/new?process=x', '/staff/admin/users']) {
			const response = await anonymous.fetch(path);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe(
				`/staff/sign-in?next=${encodeURIComponent(path)}`
			);
		}
		const screen = await anonymous.fetch('/screen/00000000-0000-4000-8000-000000000000');
		expect(screen.status).toBe(303);
		expect(screen.headers.get('location')).toMatch(/^\/staff\/sign-in\?next=%2Fscreen%2F/);
	});

	it('refuses an anonymous form post and stores nothing', async () => {
		const anonymous = new Client(server.url);
		const response = await anonymous.postForm('/staff/processes/new', [
			['title', 'Percorso anonimo'],
			['branchIds', branches.dergano!]
		]);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/staff\/sign-in\?next=/);
		expect(await (await manager.fetch('/staff')).text()).not.toContain('Percorso anonimo');
	});

	it('lets a facilitator create a process, shown on the dashboard with its branches', async () => {
		const response = await facilitator.postForm('/staff/processes/new', [
			['title', 'Leggere a Niguarda'],
			['challenge', 'Come avvicinare alla lettura chi non entra mai in biblioteca?'],
			['branchIds', branches.niguarda!],
			['branchIds', branches.affori!]
		]);
		expect(response.status).toBe(303);
		const location = response.headers.get('location')!;
		expect(location).toMatch(new RegExp(`^/staff#process-${UUID}$`));
		const dashboard = await (await facilitator.fetch('/staff')).text();
		expect(dashboard).toContain('Leggere a Niguarda');
		expect(dashboard).toContain('Biblioteca Niguarda');
		expect(dashboard).toContain('Biblioteca Affori');
	});

	it('keeps what was typed and stores nothing when a process form is wrong', async () => {
		const response = await facilitator.postForm('/staff/processes/new', [
			['title', ''],
			['challenge', 'Una sfida scritta con cura'],
			['branchIds', 'not-a-branch']
		]);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Questo campo è obbligatorio.');
		expect(html).toContain(
			'Una biblioteca scelta non è più disponibile'.slice(0, 0) || 'biblioteche scelte'
		);
		expect(html).toContain('Una sfida scritta con cura');
		expect(await (await facilitator.fetch('/staff')).text()).not.toContain(
			'Una sfida scritta con cura'
		);
	});

	it('answers a script asking for JSON with the failure and its data (use:enhance)', async () => {
		const response = await facilitator.fetch('/staff/processes/new', {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-sveltekit-action': 'true',
				accept: 'application/json'
			},
			body: new URLSearchParams({ title: 'x'.repeat(121), challenge: '' }).toString()
		});
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ type: 'failure', status: 400 });
		expect(body.data).toContain('Al massimo 120 caratteri.');
		expect(body.data).toContain('Scegli almeno una biblioteca.');
	});

	it('shows HTML in a title as text, never as markup', async () => {
		const title = '<img src=x onerror=alert(1)> & <b>amici</b>';
		const response = await facilitator.postForm('/staff/processes/new', [
			['title', title],
			['branchIds', branches.dergano!]
		]);
		expect(response.status).toBe(303);
		const dashboard = await (await facilitator.fetch('/staff')).text();
		expect(dashboard).toContain(escaped(title));
		expect(dashboard).not.toContain('<img src=x');
		expect(dashboard).not.toContain('<b>amici</b>');
	});

	it('lets a facilitator create a workshop in the demo process, as a draft with a fresh code', async () => {
		const response = await facilitator.postForm(
			'/staff/workshops/new',
			workshopFields({
				processId: demoProcessId,
				branchId: branches.dergano!,
				facilitatorIds: [facilitatorId]
			})
		);
		expect(response.status).toBe(303);
		const location = response.headers.get('location')!;
		const id = new RegExp(`^/staff/workshops/(${UUID})\\?created=1$`).exec(location)?.[1];
		expect(id).toBeDefined();

		const page = await (await facilitator.fetch(location)).text();
		expect(page).toContain('Serata delle idee');
		expect(page).toContain('In preparazione');
		const code = /data-testid="join-code">([A-Z2-9]{6})</.exec(page)?.[1];
		expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
		expect(code).not.toBe('CASA42');
		// The QR is inline SVG, and the join link is absolute, on this server's own origin.
		expect(page).toMatch(/<svg[^>]*viewBox="0 0 \d+ \d+"/);
		expect(page).toContain(`href="${server.url}/j/${code}"`);
		expect(page).toContain(`href="/screen/${id}"`);
		// 18:30 was typed on Milan's clock: 15 July is summer time, and it reads back as typed.
		expect(page).toMatch(/15 luglio 2026[^<]*18:30/);
		const edit = await (await facilitator.fetch(`/staff/workshops/${id}/edit`)).text();
		expect(edit).toContain('value="2026-07-15T18:30"');

		const dashboard = await (await facilitator.fetch('/staff')).text();
		expect(dashboard).toContain(code);
	});

	it('refuses a workshop without a place or a title, keeps the input and stores nothing', async () => {
		const before = (await (await manager.fetch('/staff')).text()).match(
			/\/staff\/workshops\/[0-9a-f-]{36}"/g
		)?.length;
		const response = await facilitator.postForm(
			'/staff/workshops/new',
			workshopFields({
				processId: demoProcessId,
				title: '',
				placeKind: 'other',
				placeText: '',
				welcomeText: 'Un benvenuto da non perdere',
				startsAt: '2026-02-30T10:00',
				facilitatorIds: []
			})
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Questo campo è obbligatorio.');
		expect(html).toContain('Scrivi dove si svolge.');
		expect(html).toContain('Data o ora non valida.');
		expect(html).toContain('Scegli almeno una persona che lo conduca.');
		expect(html).toContain('Un benvenuto da non perdere');
		const after = (await (await manager.fetch('/staff')).text()).match(
			/\/staff\/workshops\/[0-9a-f-]{36}"/g
		)?.length;
		expect(after).toBe(before);
	});

	it('holds a workshop elsewhere than a library, with no date yet', async () => {
		const response = await facilitator.postForm(
			'/staff/workshops/new',
			workshopFields({
				processId: demoProcessId,
				title: 'Al mercato',
				startsAt: '',
				placeKind: 'other',
				placeText: 'Mercato comunale di via Crespi',
				branchId: branches.dergano!,
				facilitatorIds: [facilitatorId]
			})
		);
		expect(response.status).toBe(303);
		const page = await (await facilitator.fetch(response.headers.get('location')!)).text();
		expect(page).toContain('Mercato comunale di via Crespi');
		expect(page).toContain('Data da definire');
	});

	async function createWorkshop(client: Client, facilitatorIds: string[]) {
		const response = await client.postForm(
			'/staff/workshops/new',
			workshopFields({ processId: demoProcessId, branchId: branches.dergano!, facilitatorIds })
		);
		expect(response.status).toBe(303);
		return new RegExp(`/staff/workshops/(${UUID})`).exec(response.headers.get('location')!)![1]!;
	}

	it('opens a workshop, and closes it only once confirmed', async () => {
		const id = await createWorkshop(facilitator, [facilitatorId]);
		const path = `/staff/workshops/${id}`;

		// A screen already following the workshop learns of each change without a reload.
		const screen = await connect(
			server.url,
			`control:${id}`,
			facilitator.cookies.get('piazza_session')!
		);
		const shownStatus = () => controlDoc.read(screen.doc)?.status;
		expect(shownStatus()).toBe('draft');

		const live = await facilitator.postForm(`${path}?/status`, [['to', 'live']]);
		expect(live.status).toBe(303);
		expect(await (await facilitator.fetch(path)).text()).toContain('In corso');
		await expect.poll(shownStatus).toBe('live');

		const unconfirmed = await facilitator.postForm(`${path}?/status`, [['to', 'closed']]);
		expect(unconfirmed.status).toBe(400);
		expect(await unconfirmed.text()).toContain('Conferma la chiusura');
		expect(await (await facilitator.fetch(path)).text()).not.toContain('Concluso');

		const closed = await facilitator.postForm(`${path}?/status`, [
			['to', 'closed'],
			['confirm', 'yes']
		]);
		expect(closed.status).toBe(303);
		expect(await (await facilitator.fetch(path)).text()).toContain('Concluso');
		await expect.poll(shownStatus).toBe('closed');

		const reopen = await facilitator.postForm(`${path}?/status`, [['to', 'live']]);
		expect(reopen.status).toBe(409);
		expect(await (await facilitator.fetch(path)).text()).toContain('Concluso');
		screen.destroy();
	});

	it('hides a workshop from a facilitator who does not run it: 404 everywhere (RELIABILITY 36)', async () => {
		const id = await createWorkshop(facilitator, [facilitatorId]);
		for (const path of [`/staff/workshops/${id}`, `/staff/workshops/${id}/edit`, `/screen/${id}`]) {
			expect((await colleague.fetch(path)).status).toBe(404);
			expect((await facilitator.fetch(path)).status).toBe(200);
			expect((await manager.fetch(path)).status).toBe(200);
		}
		const status = await colleague.postForm(`/staff/workshops/${id}?/status`, [['to', 'live']]);
		expect(status.status).toBe(404);
		const edit = await colleague.postForm(
			`/staff/workshops/${id}/edit`,
			workshopFields({
				processId: demoProcessId,
				title: 'Preso in ostaggio',
				branchId: branches.dergano!,
				facilitatorIds: [colleagueId]
			})
		);
		expect(edit.status).toBe(404);
		const page = await (await facilitator.fetch(`/staff/workshops/${id}`)).text();
		expect(page).toContain('In preparazione');
		expect(page).not.toContain('Preso in ostaggio');
		// The colleague's dashboard does not list it, but says colleagues run others.
		const dashboard = await (await colleague.fetch('/staff')).text();
		expect(dashboard).not.toContain(`/staff/workshops/${id}`);
		expect(dashboard).toContain('Laboratori seguiti da colleghi in questo percorso');
	});

	it('lets a facilitator hand a workshop to a colleague', async () => {
		const id = await createWorkshop(facilitator, [facilitatorId]);
		const response = await facilitator.postForm(
			`/staff/workshops/${id}/edit`,
			workshopFields({
				processId: demoProcessId,
				title: 'Passato a Chiara',
				branchId: branches.dergano!,
				facilitatorIds: [facilitatorId, colleagueId]
			})
		);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/staff/workshops/${id}`);
		const page = await (await colleague.fetch(`/staff/workshops/${id}`)).text();
		expect(page).toContain('Passato a Chiara');
		expect(page).toContain('Chiara Colombo');
	});

	it('answers 404 for ids that are not ids, instead of a server error', async () => {
		for (const path of [
			'/staff/workshops/not-a-uuid',
			"/staff/workshops/1' or '1'='1",
			'/staff/processes/42/edit',
			'/screen/..%2F..%2Fetc'
		]) {
			expect((await manager.fetch(path)).status).toBe(404);
		}
	});

	it('lets only its creator, managers and admins edit a process', async () => {
		expect((await colleague.fetch(`/staff/processes/${demoProcessId}/edit`)).status).toBe(404);
		expect((await manager.fetch(`/staff/processes/${demoProcessId}/edit`)).status).toBe(200);
		const response = await colleague.postForm(`/staff/processes/${demoProcessId}/edit`, [
			['title', 'Rinominato da chi non può'],
			['branchIds', branches.dergano!]
		]);
		expect(response.status).toBe(404);
		expect(await (await manager.fetch('/staff')).text()).not.toContain('Rinominato da chi non può');
	});
});
