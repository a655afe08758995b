import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	cleanNoteText,
	deleteNote,
	editNote,
	newNoteKey,
	noteTextProblem,
	readNotes
} from './notes';
import { isNoteKeyOf } from './schema';

const maria = { id: 'p-1', name: 'Maria' };
const luca = { id: 'p-2', name: 'Luca' };

describe('note operations', () => {
	it('write a note the server accepts: own key, own name, clean text', () => {
		const doc = new Y.Doc();
		const key = addNote(doc, maria, { text: '  Aperta \u0007la domenica\r\n ' }, 5);
		expect(isNoteKeyOf(key, maria.id)).toBe(true);
		expect(doc.getMap('notes').get(key)).toEqual({
			authorId: 'p-1',
			authorName: 'Maria',
			text: 'Aperta la domenica',
			section: null,
			colour: 'yellow',
			createdAt: 5
		});
	});

	it('edit and delete only the author’s own notes', () => {
		const doc = new Y.Doc();
		const mine = addNote(doc, maria, { text: 'uno' });
		const theirs = addNote(doc, luca, { text: 'due' });
		editNote(doc, maria, mine, 'uno bis');
		editNote(doc, maria, theirs, 'rubata');
		deleteNote(doc, maria, theirs);
		expect(readNotes(doc, maria.id).map((n) => [n.note.text, n.mine])).toEqual([
			['uno bis', true],
			['due', false]
		]);
		deleteNote(doc, maria, mine);
		expect(readNotes(doc, maria.id).map((n) => n.note.text)).toEqual(['due']);
	});

	it('hide moderated notes from others but show them, flagged, to their author', () => {
		const doc = new Y.Doc();
		const key = addNote(doc, luca, { text: 'fuori tema' });
		doc.getMap('moderation').set(key, { hidden: true, reason: 'fuori tema' });
		expect(readNotes(doc, maria.id)).toEqual([]);
		expect(readNotes(doc, luca.id)[0]?.hidden).toEqual({ reason: 'fuori tema' });
	});

	it('refuse to write what the server would refuse', () => {
		const doc = new Y.Doc();
		expect(() => addNote(doc, maria, { text: '   ' })).toThrow();
		expect(() => addNote(doc, maria, { text: 'x'.repeat(281) })).toThrow();
		expect(doc.getMap('notes').size).toBe(0);
	});
});

describe('note text', () => {
	it('names the problem with a text before it is sent', () => {
		expect(noteTextProblem('  ')).toBe('empty');
		expect(noteTextProblem('x'.repeat(281))).toBe('too-long');
		expect(noteTextProblem('👍'.repeat(280))).toBeNull();
		expect(cleanNoteText('a\u0000b\nc')).toBe('ab\nc');
	});

	it('makes keys that belong to their author', () => {
		expect(isNoteKeyOf(newNoteKey(maria), 'p-1')).toBe(true);
	});
});
