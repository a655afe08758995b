import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, ownShare } from './update-check';
import type { WriteRules } from './update-check';

const BOARD = new Set(['meta', 'notes', 'layout', 'clusters', 'moderation']);
const staffRules: WriteRules = { roots: BOARD, nested: false, content: 'json-values' };
const residentRules = (authorId: string, authorName = 'Maria'): WriteRules => ({
	...staffRules,
	ownNotes: { authorId, authorName }
});

function note(authorId: string, text: string, authorName = 'Maria') {
	return { authorId, authorName, text, section: null, colour: 'yellow', createdAt: 1 };
}

/** A server document with one note by p-2 and a layout entry, and a client synced to it. */
function setup() {
	const server = new Y.Doc();
	server.getMap('meta').set('schemaVersion', 1);
	server.getMap('notes').set('p-2:other1', note('p-2', 'di Luca', 'Luca'));
	server.getMap('layout').set('p-2:other1', { x: 1, y: 2, clusterId: null });
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	return { server, client };
}

/** What the client sends for `change`: the incremental update its provider would broadcast. */
function edit(client: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
	const updates: Uint8Array[] = [];
	const record = (update: Uint8Array) => updates.push(update);
	client.on('update', record);
	change(client);
	client.off('update', record);
	return Y.mergeUpdates(updates);
}

describe('checkUpdate for a resident on a board', () => {
	it('accepts a new note of their own and binds their client id', () => {
		const { server, client } = setup();
		const update = edit(client, (d) =>
			d.getMap('notes').set('p-1:mine01', note('p-1', 'Più sedie'))
		);
		const result = checkUpdate(server, update, 'participant:p-1', new Map(), residentRules('p-1'));
		expect(result).toEqual({ ok: true, empty: false, newClients: [client.clientID] });
	});

	it('accepts editing and deleting their own note', () => {
		const { server, client } = setup();
		const owners = new Map([[client.clientID, 'participant:p-1']]);
		const add = edit(client, (d) => d.getMap('notes').set('p-1:mine01', note('p-1', 'Più sedie')));
		Y.applyUpdate(server, add);
		const change = edit(client, (d) =>
			d.getMap('notes').set('p-1:mine01', note('p-1', 'Più panche'))
		);
		expect(checkUpdate(server, change, 'participant:p-1', owners, residentRules('p-1')).ok).toBe(
			true
		);
		Y.applyUpdate(server, change);
		const remove = edit(client, (d) => d.getMap('notes').delete('p-1:mine01'));
		expect(checkUpdate(server, remove, 'participant:p-1', owners, residentRules('p-1')).ok).toBe(
			true
		);
	});

	it('refuses a new note under pre-moderation, and still lets them edit and delete their own', () => {
		const { server, client } = setup();
		const owners = new Map([[client.clientID, 'participant:p-1']]);
		const moderated: WriteRules = {
			...staffRules,
			ownNotes: { authorId: 'p-1', authorName: 'Maria', existingOnly: true }
		};
		const add = edit(client, (d) => d.getMap('notes').set('p-1:mine01', note('p-1', 'Più sedie')));
		expect(checkUpdate(server, add, 'participant:p-1', owners, moderated)).toMatchObject({
			ok: false,
			reason: 'new notes wait for approval'
		});
		// Written before pre-moderation was turned on: it may be edited and deleted.
		Y.applyUpdate(server, add);
		const change = edit(client, (d) =>
			d.getMap('notes').set('p-1:mine01', note('p-1', 'Più panche'))
		);
		expect(checkUpdate(server, change, 'participant:p-1', owners, moderated).ok).toBe(true);
		Y.applyUpdate(server, change);
		const remove = edit(client, (d) => d.getMap('notes').delete('p-1:mine01'));
		expect(checkUpdate(server, remove, 'participant:p-1', owners, moderated).ok).toBe(true);
	});

	it('refuses changing or deleting another person’s note', () => {
		const { server, client } = setup();
		const overwrite = edit(client, (d) => d.getMap('notes').set('p-2:other1', note('p-1', 'mio!')));
		expect(
			checkUpdate(server, overwrite, 'participant:p-1', new Map(), residentRules('p-1'))
		).toMatchObject({
			ok: false,
			reason: 'only your own notes'
		});
		const { server: s2, client: c2 } = setup();
		const remove = edit(c2, (d) => d.getMap('notes').delete('p-2:other1'));
		expect(
			checkUpdate(s2, remove, 'participant:p-1', new Map(), residentRules('p-1'))
		).toMatchObject({
			ok: false,
			reason: 'deletion refused: only your own notes'
		});
	});

	it('refuses a note key that pretends to be someone else’s, and a forged author name', () => {
		const { server, client } = setup();
		const foreign = edit(client, (d) =>
			d.getMap('notes').set('p-2:forged1', note('p-2', 'x', 'Luca'))
		);
		expect(
			checkUpdate(server, foreign, 'participant:p-1', new Map(), residentRules('p-1')).ok
		).toBe(false);
		const { server: s2, client: c2 } = setup();
		const named = edit(c2, (d) =>
			d.getMap('notes').set('p-1:mine01', note('p-1', 'x', 'Facilitatore'))
		);
		expect(
			checkUpdate(s2, named, 'participant:p-1', new Map(), residentRules('p-1'))
		).toMatchObject({
			ok: false,
			reason: 'not a valid note (wrong-author)'
		});
	});

	it('refuses writes to layout, clusters, moderation, meta or a new root type', () => {
		for (const [root, key] of [
			['layout', 'p-2:other1'],
			['clusters', 'c1'],
			['moderation', 'p-2:other1'],
			['meta', 'prompt'],
			['evil', 'x']
		] as const) {
			const { server, client } = setup();
			const update = edit(client, (d) => d.getMap(root).set(key, { hidden: true }));
			const result = checkUpdate(
				server,
				update,
				'participant:p-1',
				new Map(),
				residentRules('p-1')
			);
			expect(result.ok, root).toBe(false);
		}
	});

	it('refuses nested types, even inside their own note entry', () => {
		const { server, client } = setup();
		const update = edit(client, (d) => {
			const nested = new Y.Map();
			d.getMap('notes').set('p-1:mine01', nested);
			nested.set('deep', new Y.Map());
		});
		expect(checkUpdate(server, update, 'participant:p-1', new Map(), residentRules('p-1')).ok).toBe(
			false
		);
	});

	it('accepts a full sync whose delete set repeats others’ past deletions', () => {
		const { server, client } = setup();
		// Someone else overwrote and deleted notes earlier; the client learnt of it.
		server.getMap('notes').set('p-2:other1', note('p-2', 'di Luca, corretta', 'Luca'));
		server.getMap('notes').set('p-2:other2', note('p-2', 'tolta', 'Luca'));
		server.getMap('notes').delete('p-2:other2');
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		// Offline, the resident adds a note; on reconnect the client sends everything the server lacks.
		client.getMap('notes').set('p-1:mine01', note('p-1', 'scritta offline'));
		const sync = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
		expect(checkUpdate(server, sync, 'participant:p-1', new Map(), residentRules('p-1')).ok).toBe(
			true
		);
	});

	it('refuses wiping the whole board', () => {
		const { server, client } = setup();
		const update = edit(client, (d) => {
			for (const root of ['notes', 'layout', 'meta']) {
				const map = d.getMap(root);
				for (const key of [...map.keys()]) map.delete(key);
			}
		});
		expect(checkUpdate(server, update, 'participant:p-1', new Map(), residentRules('p-1')).ok).toBe(
			false
		);
	});

	it('refuses structs under a client id bound to another writer', () => {
		const { server, client } = setup();
		const update = edit(client, (d) => d.getMap('notes').set('p-1:mine01', note('p-1', 'x')));
		const owners = new Map([[client.clientID, 'participant:p-2']]);
		expect(
			checkUpdate(server, update, 'participant:p-1', owners, residentRules('p-1'))
		).toMatchObject({
			ok: false,
			reason: `client id ${client.clientID} belongs to another writer`
		});
	});

	it('refuses an update that depends on changes the server never saw', () => {
		const { server, client } = setup();
		edit(client, (d) => d.getMap('notes').set('p-1:mine01', note('p-1', 'primo')));
		const second = edit(client, (d) => d.getMap('notes').set('p-1:mine02', note('p-1', 'secondo')));
		const result = checkUpdate(server, second, 'participant:p-1', new Map(), residentRules('p-1'));
		expect(result).toMatchObject({ ok: false, behind: true });
		expect(server.store.pendingStructs).toBeNull();
	});

	it('calls garbage malformed, and an empty update empty', () => {
		const { server } = setup();
		for (const garbage of [
			new Uint8Array([0xff, 0xff, 0xff]),
			new Uint8Array([0x80]),
			crypto.getRandomValues(new Uint8Array(64))
		]) {
			const result = checkUpdate(
				server,
				garbage,
				'participant:p-1',
				new Map(),
				residentRules('p-1')
			);
			expect(result.ok).toBe(false);
		}
		expect(
			checkUpdate(
				server,
				new Uint8Array([0, 0]),
				'participant:p-1',
				new Map(),
				residentRules('p-1')
			)
		).toEqual({
			ok: true,
			empty: true,
			newClients: []
		});
	});
});

describe('checkUpdate for staff', () => {
	it('accepts layout, clusters, moderation and meta values on a board', () => {
		const { server, client } = setup();
		const update = edit(client, (d) => {
			d.getMap('layout').set('p-2:other1', { x: 10, y: 20, clusterId: 'c1' });
			d.getMap('clusters').set('c1', { label: 'Spazi', x: 0, y: 0, colour: 'blue' });
			d.getMap('moderation').set('p-2:other1', { hidden: true, reason: 'fuori tema' });
			d.getMap('notes').delete('p-2:other1');
		});
		expect(checkUpdate(server, update, 'user:s-1', new Map(), staffRules).ok).toBe(true);
	});

	it('keeps the board’s fixed shape: no nested maps, no new roots, no huge values', () => {
		const cases: ((d: Y.Doc) => void)[] = [
			(d) => d.getMap('layout').set('x', new Y.Map()),
			(d) => d.getMap('evil').set('x', 1),
			(d) => d.getMap('meta').set('prompt', 'x'.repeat(10_000)),
			(d) => d.getText('notes2').insert(0, 'x')
		];
		for (const change of cases) {
			const { server, client } = setup();
			const update = edit(client, change);
			expect(checkUpdate(server, update, 'user:s-1', new Map(), staffRules).ok).toBe(false);
		}
	});

	it('accepts rich text on a proposal, nested elements and formatting included', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const rules: WriteRules = { roots: new Set(['body']), nested: true, content: 'rich-text' };
		const update = edit(client, (d) => {
			const paragraph = new Y.XmlElement('paragraph');
			const text = new Y.XmlText();
			paragraph.insert(0, [text]);
			text.insert(0, 'Prestito serale', { bold: true });
			d.getXmlFragment('body').insert(0, [paragraph]);
		});
		expect(checkUpdate(server, update, 'user:s-1', new Map(), rules).ok).toBe(true);
		const elsewhere = edit(client, (d) => d.getXmlFragment('other').insert(0, [new Y.XmlText()]));
		expect(checkUpdate(server, elsewhere, 'user:s-1', new Map(), rules).ok).toBe(false);
	});
});

describe('ownShare of a full-state reply after the server lost edits', () => {
	/**
	 * The server lost (a crash inside the flush window) a note Maria (p-1) added and an edit Luca
	 * (p-2) made of his stored note, after broadcasting both. Maria's client holds both: its reply
	 * to the restarted server's sync step 1 carries Luca's edit along with her own note.
	 */
	function afterLoss() {
		const { server, client: maria } = setup();
		const luca = new Y.Doc();
		Y.applyUpdate(luca, Y.encodeStateAsUpdate(server));
		// Luca's stored note: his client id is bound to him on the server.
		const lucasOwners = new Map([[luca.clientID, 'participant:p-2']]);
		const stored = edit(luca, (d) => d.getMap('notes').set('p-2:other2', note('p-2', 'A', 'Luca')));
		Y.applyUpdate(server, stored);
		Y.applyUpdate(maria, stored);
		const lost = [
			edit(maria, (d) => d.getMap('notes').set('p-1:mine01', note('p-1', 'Più sedie'))),
			edit(luca, (d) => d.getMap('notes').set('p-2:other2', note('p-2', 'B', 'Luca')))
		];
		for (const update of lost) {
			Y.applyUpdate(maria, update);
			Y.applyUpdate(luca, update);
		}
		const reply = Y.encodeStateAsUpdate(maria, Y.encodeStateVector(server));
		return { server, maria, luca, lucasOwners, reply };
	}

	it('is needed: judged whole, the reply is refused', () => {
		const { server, lucasOwners, reply } = afterLoss();
		expect(
			checkUpdate(server, reply, 'participant:p-1', lucasOwners, residentRules('p-1')).ok
		).toBe(false);
	});

	it('takes the writer’s own edits and leaves the others’ unapplied', () => {
		const { server, maria, lucasOwners, reply } = afterLoss();
		const share = ownShare(server, reply, 'participant:p-1', lucasOwners, residentRules('p-1'));
		expect(share?.newClients).toEqual([maria.clientID]);
		Y.applyUpdate(server, share!.update);
		const notes = server.getMap('notes');
		expect((notes.get('p-1:mine01') as { text: string }).text).toBe('Più sedie');
		// Luca's lost edit is his to hand back, not Maria's.
		expect((notes.get('p-2:other2') as { text: string }).text).toBe('A');
	});

	it('gets everything back once each writer has handed back their share', () => {
		const { server, maria, luca, lucasOwners, reply } = afterLoss();
		const owners = new Map(lucasOwners);
		const mine = ownShare(server, reply, 'participant:p-1', owners, residentRules('p-1'))!;
		Y.applyUpdate(server, mine.update);
		for (const c of mine.newClients) owners.set(c, 'participant:p-1');
		const lucasReply = Y.encodeStateAsUpdate(luca, Y.encodeStateVector(server));
		expect(
			checkUpdate(server, lucasReply, 'participant:p-2', owners, residentRules('p-2', 'Luca')).ok
		).toBe(true);
		Y.applyUpdate(server, lucasReply);
		expect(server.getMap('notes').toJSON()).toEqual(maria.getMap('notes').toJSON());
	});

	it('never takes a share under someone else’s rules, even from an unbound client id', () => {
		const { server, reply } = afterLoss();
		// Bindings lost too: Luca's client id is unknown, and his note still is not Maria's to write.
		const share = ownShare(server, reply, 'participant:p-1', new Map(), residentRules('p-1'));
		Y.applyUpdate(server, share!.update);
		expect((server.getMap('notes').get('p-2:other2') as { text: string }).text).toBe('A');
		expect(ownShare(server, reply, 'participant:p-3', new Map(), residentRules('p-3'))).toBeNull();
	});
});
