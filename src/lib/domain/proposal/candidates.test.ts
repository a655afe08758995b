import { describe, expect, it } from 'vitest';
import type { NoteRecord } from '../board/schema';
import { rank } from './candidates';
import type { BoardContent } from './provenance';

const note = (text: string, authorName = 'Giulia', fromPaper = false): NoteRecord =>
	({
		authorId: fromPaper ? 'paper' : 'p-1',
		authorName,
		text,
		section: null,
		colour: 'yellow',
		createdAt: 0,
		...(fromPaper ? { fromPaper: true } : {})
	}) as NoteRecord;

const board: BoardContent = {
	notes: {
		a: note('Armadietti la sera'),
		b: note('Ritiro dopo il lavoro', 'Bruno'),
		c: note('Più fumetti'),
		d: note('Aperti la domenica', 'Dal foglio', true),
		h: note('fuori tema')
	},
	layout: { a: { clusterId: 'g' }, b: { clusterId: 'g' }, h: { clusterId: 'g' } },
	clusters: { g: { label: 'Ritiro fuori orario' }, empty: { label: 'Vuoto' } },
	moderation: { h: { hidden: true } }
};

describe('the candidates of a board', () => {
	it('ranks clusters with their notes’ dots and notes by their own, most first, ties by name', () => {
		const ranked = rank(board, { phone: { a: 2, c: 1, g: 1, h: 5 }, paper: { b: 3, d: 1 } }, []);
		expect(ranked.map((c) => [c.itemId, c.votes])).toEqual([
			['g', 6],
			['b', 3],
			['a', 2],
			['d', 1],
			['c', 1]
		]);
		expect(ranked[0]).toMatchObject({
			kind: 'cluster',
			label: 'Ritiro fuori orario',
			noteCount: 2
		});
		expect(ranked.find((c) => c.itemId === 'd')).toMatchObject({ fromPaper: true });
	});

	it('leaves out hidden notes and items nobody voted for, unless already a proposal', () => {
		const ranked = rank(board, { phone: { h: 4 }, paper: {} }, [
			{ itemId: 'c', proposalId: 'p1', title: 'Fumetti' }
		]);
		expect(ranked).toEqual([
			expect.objectContaining({
				itemId: 'c',
				votes: 0,
				proposals: [{ id: 'p1', title: 'Fumetti' }]
			})
		]);
	});
});
