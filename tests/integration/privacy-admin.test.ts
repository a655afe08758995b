import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Database } from '../../src/lib/server/db/client';
import { privacyErasures, users } from '../../src/lib/server/db/schema/index';
import type { Export } from '../../src/lib/server/privacy/export';
import { addResidents } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { connect, demoBoards, noteKey, noteOf } from '../helpers/collab';
import type { Client as LiveClient } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { DEMO } from '../helpers/staff';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

/**
 * A participant who lost their phone asks the library: an admin finds them by the workshop's code
 * and their nickname, downloads their data and erases their contributions, and the erasure is
 * recorded with the admin's name and no content. Nobody but an admin may do any of it.
 */

interface Prepared {
	board: string;
	luca: Resident;
	admin: string;
	manager: string;
}

const NOTE_TEXT = 'zq-nota-di-luca-6604';

async function prepare(db: Database): Promise<Prepared> {
	const workshopId = await demoWorkshopId(db);
	const [luca] = (await addResidents(db, workshopId, ['Luca_zq%'])) as [Resident];
	return {
		board: (await demoBoards(db, workshopId)).open,
		luca,
		admin: await staffToken(db, DEMO.admin),
		manager: await staffToken(db, DEMO.manager)
	};
}

describe.each(databaseKinds)('privacy requests handled by an admin on %s', (kind) => {
	let site: Site<Prepared>;
	let p: Prepared;
	let watcher: LiveClient;
	const key = { note: '' };
	const notes = (client: LiveClient) => client.doc.getMap('notes') as Y.Map<unknown>;
	const as = (token: string) => {
		const client = new Client(site.url, { 'accept-language': 'it' });
		client.cookies.set('piazza_session', token);
		return client;
	};

	beforeAll(async () => {
		site = await startSite(kind, { prepare, env: { COLLAB_FLUSH_MS: '10' } });
		p = site.prepared;
		const phone = await connect(site.url, `board:${p.board}`, p.luca.token);
		watcher = await connect(site.url, `board:${p.board}`, p.admin);
		key.note = noteKey(p.luca.id);
		notes(phone).set(key.note, noteOf(p.luca.id, p.luca.name, NOTE_TEXT));
		await new Promise<void>((resolve) => {
			const check = () => notes(watcher).has(key.note) && resolve();
			watcher.doc.on('update', check);
			check();
		});
		phone.destroy();
	});
	afterAll(async () => {
		watcher?.destroy();
		await site?.stop();
	});

	it('finds a participant by code and part of the nickname, wildcards taken literally', async () => {
		const page = await as(p.admin).fetch('/staff/admin/privacy?code=casa-42&nickname=luca_ZQ%25');
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain(`data-participant="${p.luca.id}"`);
		// `%` and `_` match themselves only: "L%" finds nobody.
		const wild = await as(p.admin).fetch('/staff/admin/privacy?code=CASA42&nickname=L%25a');
		expect(await wild.text()).not.toContain('data-participant=');
	});

	it('refuses the page, the download and the erasure to staff who are not admins', async () => {
		const manager = as(p.manager);
		expect((await manager.fetch('/staff/admin/privacy')).status).toBe(403);
		expect((await manager.fetch(`/staff/admin/privacy/${p.luca.id}/data`)).status).toBe(403);
		const erase = await manager.postForm('/staff/admin/privacy?/erase', {
			participantId: p.luca.id,
			confirm: 'yes'
		});
		expect(erase.status).toBe(403);
		expect(notes(watcher).has(key.note)).toBe(true);
	});

	it('downloads the participant’s data for them', async () => {
		const response = await as(p.admin).fetch(`/staff/admin/privacy/${p.luca.id}/data`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
		const data = (await response.json()) as Export;
		expect(data.participations[0]!.notes.map((n) => n.text)).toEqual([NOTE_TEXT]);
		expect((await as(p.admin).fetch('/staff/admin/privacy/not-a-uuid/data')).status).toBe(404);
	});

	it('erases only once confirmed, live, and records who did it without the content', async () => {
		const admin = as(p.admin);
		const unconfirmed = await admin.postForm('/staff/admin/privacy?/erase', {
			participantId: p.luca.id
		});
		expect(unconfirmed.status).toBe(400);
		expect(notes(watcher).has(key.note)).toBe(true);

		const done = await admin.postForm('/staff/admin/privacy?/erase', {
			participantId: p.luca.id,
			confirm: 'yes'
		});
		expect(done.status).toBe(200);
		expect(await done.text()).toContain('1 partecipazioni rese anonime, 1 note tolte');
		await expect.poll(() => notes(watcher).has(key.note)).toBe(false);

		// Gone from the search, and a second erasure finds nobody.
		const search = await admin.fetch('/staff/admin/privacy?code=CASA42&nickname=Luca');
		expect(await search.text()).not.toContain(`data-participant="${p.luca.id}"`);
		const twice = await admin.postForm('/staff/admin/privacy?/erase', {
			participantId: p.luca.id,
			confirm: 'yes'
		});
		expect(twice.status).toBe(404);
		const page = await (await admin.fetch('/staff/admin/privacy')).text();
		expect(page).toContain('(amministratore)');

		await site.inspect(async (db) => {
			const [adminRow] = (await db.select().from(users)).filter((u) => u.email === DEMO.admin);
			const records = await db.select().from(privacyErasures);
			expect(records).toEqual([
				expect.objectContaining({
					kind: 'admin',
					actorUserId: adminRow!.id,
					participantIds: p.luca.id,
					notesRemoved: 1
				})
			]);
			expect(JSON.stringify(records)).not.toContain('Luca');
			expect(JSON.stringify(records)).not.toContain(NOTE_TEXT);
		});
	});
});
