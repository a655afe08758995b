import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { docName, PROPOSAL_TEXT_FIELD } from '../../domain/collab/doc-name';
import { toHtml, toPlainText, type RichNode } from '../../domain/proposal/rich-text';
import { collabServer } from '../collab/server';
import type { Runtime } from '../runtime';

/** A proposal's description as it may be shown outside the editor. */
export interface Description {
	/** Safe HTML: only allowlisted tags, every text escaped, links http(s)/mailto only. */
	html: string;
	/** The same words as plain text (open data, CSV). */
	text: string;
}

const EMPTY: Description = { html: '', text: '' };

function fromDoc(doc: Y.Doc): Description {
	const fragment = doc.getXmlFragment(PROPOSAL_TEXT_FIELD);
	if (fragment.length === 0) return EMPTY;
	const json = yXmlFragmentToProsemirrorJSON(fragment) as RichNode;
	return { html: toHtml(json), text: toPlainText(json) };
}

/**
 * The description of `proposal:<id>` as the live server holds it now: what staff typed a moment
 * ago, even if not yet stored; loaded from the database when nobody has it open. The caller has
 * checked that the proposal exists (a name of no proposal would load an empty document).
 */
export async function read(runtime: Runtime, proposalId: string): Promise<Description> {
	return collabServer(runtime).read(docName('proposal', proposalId), fromDoc);
}

/**
 * Descriptions of many proposals (open data), one document at a time so that a long list never
 * holds more documents in memory than the live server allows; idle ones are unloaded as usual.
 * A document that cannot be loaded now (the server at its document cap) is left empty rather than
 * failing the whole list, and said so in the log.
 */
export async function readMany(
	runtime: Runtime,
	proposalIds: string[]
): Promise<Map<string, Description>> {
	const found = new Map<string, Description>();
	for (const id of proposalIds) {
		try {
			found.set(id, await read(runtime, id));
		} catch (error) {
			console.error(`[piazza] description of proposal ${id}: ${(error as Error).message}`);
			found.set(id, EMPTY);
		}
	}
	return found;
}
