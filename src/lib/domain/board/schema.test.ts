import { describe, expect, it } from 'vitest';
import { checkNote, isNoteKeyOf } from './schema';

const author = { id: 'p-1', name: 'Maria' };
const note = {
	authorId: 'p-1',
	authorName: 'Maria',
	text: 'Aperta la domenica',
	section: 'says',
	colour: 'yellow',
	createdAt: 1_790_000_000_000
};

describe('isNoteKeyOf', () => {
	it('reads ownership from the key prefix', () => {
		expect(isNoteKeyOf('p-1:abc123', 'p-1')).toBe(true);
		expect(isNoteKeyOf('p-2:abc123', 'p-1')).toBe(false);
		expect(isNoteKeyOf('p-1:', 'p-1')).toBe(false);
		expect(isNoteKeyOf('p-1:abc/../x', 'p-1')).toBe(false);
		expect(isNoteKeyOf('p-10:abc123', 'p-1')).toBe(false);
	});
});

describe('checkNote', () => {
	it('accepts a well-formed note of its author, multi-line text included', () => {
		expect(checkNote(note, author)).toEqual({ ok: true, note });
		expect(checkNote({ ...note, text: 'riga uno\nriga due', section: null }, author).ok).toBe(true);
	});

	it('refuses another author, or a forged name', () => {
		expect(checkNote({ ...note, authorId: 'p-2' }, author)).toEqual({
			ok: false,
			problem: 'wrong-author'
		});
		expect(checkNote({ ...note, authorName: 'Facilitatore' }, author)).toEqual({
			ok: false,
			problem: 'wrong-author'
		});
	});

	it('refuses empty, overlong or control-laden text', () => {
		for (const text of ['', '   ', 'x'.repeat(281), 'a\u0000b', 'a\u001b[31mb', 42]) {
			expect(checkNote({ ...note, text }, author)).toEqual({ ok: false, problem: 'text' });
		}
		expect(checkNote({ ...note, text: '👍'.repeat(280) }, author).ok).toBe(true);
	});

	it('refuses nested or unexpected fields, and bad sections, colours and dates', () => {
		expect(checkNote({ ...note, extra: { deep: true } }, author).ok).toBe(false);
		expect(checkNote([note], author).ok).toBe(false);
		expect(checkNote({ ...note, section: '../x' }, author).ok).toBe(false);
		expect(checkNote({ ...note, colour: 'red;background:url(x)' }, author).ok).toBe(false);
		expect(checkNote({ ...note, createdAt: Number.NaN }, author).ok).toBe(false);
	});
});
