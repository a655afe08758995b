import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAllNotes, readSections } from './facilitator-notes';
import { addNote } from './notes';
import { addPaperNote, isPaperNote, isPaperNoteKey, newPaperNoteKey } from './paper';
import { isNoteKeyOf } from './schema';
import type { NoteRecord } from './schema';

const staff = { userId: 'u-1' };

describe('paper notes', () => {
	it('write the agreed record under a paper key, in one staff transaction', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		const result = addPaperNote(
			doc,
			staff,
			{ text: '  Più prese \u0007elettriche\r\n ', section: 'pains', colour: 'blue' },
			42
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.key).toMatch(/^paper:[a-z0-9]{12}$/);
		expect(doc.getMap('notes').get(result.key)).toEqual({
			authorId: 'paper',
			authorName: '',
			text: 'Più prese elettriche',
			section: 'pains',
			colour: 'blue',
			createdAt: 42,
			fromPaper: true
		});
		expect(origins).toEqual([{ source: 'staff', userId: 'u-1' }]);
	});

	it('refuse empty or too long text, a malformed section or colour, writing nothing', () => {
		const doc = new Y.Doc();
		const base = { text: 'ok', section: null, colour: 'yellow' as const };
		expect(addPaperNote(doc, staff, { ...base, text: '   ' })).toEqual({
			ok: false,
			problem: 'empty'
		});
		expect(addPaperNote(doc, staff, { ...base, text: 'x'.repeat(281) })).toEqual({
			ok: false,
			problem: 'too-long'
		});
		expect(addPaperNote(doc, staff, { ...base, section: '../Evil' })).toEqual({
			ok: false,
			problem: 'section'
		});
		expect(addPaperNote(doc, staff, { ...base, colour: 'red' as unknown as 'yellow' })).toEqual({
			ok: false,
			problem: 'colour'
		});
		expect(doc.getMap('notes').size).toBe(0);
	});

	it('use keys no participant can own', () => {
		const key = newPaperNoteKey(() => 0.5);
		expect(isPaperNoteKey(key)).toBe(true);
		expect(isNoteKeyOf(key, '00000000-0000-4000-8000-000000000000')).toBe(false);
		expect(isPaperNoteKey('paper:short')).toBe(false);
	});

	it('are told apart only when key and record agree', () => {
		const record: NoteRecord = {
			authorId: 'paper',
			authorName: '',
			text: 't',
			section: null,
			colour: 'yellow',
			createdAt: 1,
			fromPaper: true
		};
		expect(isPaperNote('paper:abcdefghijkl', record)).toBe(true);
		expect(isPaperNote('p-1:abcdefghijkl', record)).toBe(false);
		const { fromPaper: _, ...claimed } = record;
		expect(isPaperNote('paper:abcdefghijkl', claimed)).toBe(false);
	});
});

describe('the facilitator’s notes', () => {
	it('list every note oldest first, hidden ones with their reason, paper ones marked', () => {
		const doc = new Y.Doc();
		addNote(doc, { id: 'p-1', name: 'Maria' }, { text: 'Aperta la domenica' }, 10);
		const paper = addPaperNote(
			doc,
			staff,
			{ text: 'Dal foglio', section: null, colour: 'pink' },
			5
		);
		const hidden = addNote(doc, { id: 'p-2', name: 'Luca' }, { text: 'Fuori tema' }, 20);
		doc.getMap('moderation').set(hidden, { hidden: true, reason: 'Off-topic' });
		const notes = readAllNotes(doc);
		expect(notes.map((n) => n.note.text)).toEqual([
			'Dal foglio',
			'Aperta la domenica',
			'Fuori tema'
		]);
		expect(notes.map((n) => n.fromPaper)).toEqual([true, false, false]);
		expect(notes[2]?.hidden).toEqual({ reason: 'Off-topic' });
		expect(paper.ok && notes[0]?.key === paper.key).toBe(true);
	});

	it('read the board’s sections, leaving malformed ones out', () => {
		const doc = new Y.Doc();
		expect(readSections(doc)).toEqual([]);
		doc.getMap('meta').set('sections', [{ id: 'says', label: 'Dice' }, { id: 3 }, null]);
		expect(readSections(doc)).toEqual([{ id: 'says', label: 'Dice' }]);
	});
});
