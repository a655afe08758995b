import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import type { Client as HttpClient } from '../helpers/http';
import { DEMO, branchIds, signInAs, startDemoServer } from '../helpers/staff';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Phones follow a workshop's status through its control document: opening and closing it on the
 * staff page must reach a screen that already has the document open, without a reload.
 */
describe.each(databaseKinds)('the workshop status in the control document on %s', (kind) => {
	let server: Server;
	let facilitator: HttpClient;
	let facilitatorId: string;
	let reader: Client | null = null;

	beforeAll(async () => {
		server = await startDemoServer(kind);
		({ client: facilitator, userId: facilitatorId } = await signInAs(server.url, DEMO.facilitator));
	});
	afterAll(async () => {
		reader?.destroy();
		await server?.stop();
	});

	it('reaches an open control document when the workshop goes live and when it closes', async () => {
		const dashboard = await (await facilitator.fetch('/staff')).text();
		const processId = new RegExp(`id="process-(${UUID})"`).exec(dashboard)![1]!;
		const branches = await branchIds(server.url);
		const created = await facilitator.postForm('/staff/workshops/new', [
			['title', 'Serata di stato'],
			['startsAt', ''],
			['placeKind', 'branch'],
			['placeText', ''],
			['welcomeText', ''],
			['processId', processId],
			['branchId', branches.dergano!],
			['facilitatorIds', facilitatorId]
		]);
		expect(created.status).toBe(303);
		const id = new RegExp(`/staff/workshops/(${UUID})`).exec(created.headers.get('location')!)![1]!;

		reader = await connect(server.url, `control:${id}`, facilitator.cookies.get('piazza_session')!);
		const status = () => reader!.doc.getMap('workshop').get('status');
		expect(status()).toBe('draft');

		const live = await facilitator.postForm(`/staff/workshops/${id}?/status`, [['to', 'live']]);
		expect(live.status).toBe(303);
		await expect.poll(status).toBe('live');

		const closed = await facilitator.postForm(`/staff/workshops/${id}?/status`, [
			['to', 'closed'],
			['confirm', 'yes']
		]);
		expect(closed.status).toBe(303);
		await expect.poll(status).toBe('closed');
	});
});
