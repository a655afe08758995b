// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import StarterKit from '@tiptap/starter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposals } from '../../src/lib/server/db/schema/index';
import { connect } from '../helpers/collab';
import type { Client } from '../helpers/collab';
import { PROPOSAL_TEXT_FIELD } from '../../src/lib/domain/collab/doc-name';
import { databaseKinds } from '../helpers/db';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';
import { bareProvenance } from '../helpers/proposals';

interface Prepared {
	proposalId: string;
	facilitator: string;
	manager: string;
	resident: string;
}

/** A stock Tiptap 3 editor bound to a live document through the Collaboration extension. */
function editorOn(client: Client) {
	const element = document.createElement('div');
	document.body.append(element);
	return new Editor({
		element,
		extensions: [
			StarterKit.configure({ undoRedo: false }),
			Collaboration.configure({ document: client.doc, field: PROPOSAL_TEXT_FIELD })
		]
	});
}

describe.each(databaseKinds)('a proposal’s rich text on %s', (kind) => {
	let site: Site<Prepared>;
	const clients: Client[] = [];
	const editors: Editor[] = [];

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const [proposal] = await db
					.insert(proposals)
					.values({
						workshopId,
						title: 'Prestito serale il giovedì',
						provenance: bareProvenance(workshopId)
					})
					.returning({ id: proposals.id });
				return {
					proposalId: proposal!.id,
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					manager: await staffToken(db, 'responsabile@example.org'),
					resident: await participantToken(db, workshopId, 'Maria')
				};
			}
		});
	});
	afterAll(async () => {
		for (const editor of editors) editor.destroy();
		for (const client of clients) client.destroy();
		await site?.stop();
	});

	it('is edited live by two staff members in stock Tiptap editors, and read by a participant', async () => {
		const name = `proposal:${site.prepared.proposalId}`;
		const a = await connect(site.url, name, site.prepared.facilitator);
		const b = await connect(site.url, name, site.prepared.manager);
		const reader = await connect(site.url, name, site.prepared.resident);
		clients.push(a, b, reader);
		const first = editorOn(a);
		const second = editorOn(b);
		const readOnly = editorOn(reader);
		editors.push(first, second, readOnly);

		first.commands.insertContent(
			'<h2>Il problema</h2><p>Chi lavora non arriva prima delle 19.</p>'
		);
		await expect.poll(() => second.getText()).toContain('Chi lavora non arriva prima delle 19.');
		second.commands.setTextSelection(second.state.doc.content.size - 1);
		second.commands.insertContent(' Proviamo il giovedì.');
		await expect.poll(() => first.getText()).toContain('Proviamo il giovedì.');
		await expect.poll(() => readOnly.getText()).toContain('Proviamo il giovedì.');
		expect(a.denied).toEqual([]);
		expect(b.denied).toEqual([]);

		// A participant may read the description, not change it: the server refuses the write.
		readOnly.commands.insertContent('<p>scritto da un residente</p>');
		await expect.poll(() => reader.denied).toContain('read-only document');
		const fresh = await connect(site.url, name, site.prepared.manager);
		clients.push(fresh);
		const check = editorOn(fresh);
		editors.push(check);
		expect(check.getText()).toContain('Proviamo il giovedì.');
		expect(check.getText()).not.toContain('scritto da un residente');
	});
});
