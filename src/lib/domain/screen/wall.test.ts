import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TallyEntry } from '../voting/budget';
import { cardGrid, itemLabels, promptOf, readWall, resultBars } from './wall';

function note(doc: Y.Doc, key: string, text: string, extra: Record<string, unknown> = {}) {
	doc.getMap('notes').set(key, {
		authorId: key.split(':')[0],
		authorName: 'Maria',
		text,
		section: null,
		colour: 'yellow',
		createdAt: Number(key.split(':')[1]?.replace(/\D/g, '') ?? 0),
		...extra
	});
}

function entry(itemId: string, online: number, paper = 0, rank = 1): TallyEntry {
	return { itemId, total: online + paper, online, paper, rank };
}

describe('the wall', () => {
	it('leaves hidden notes out and shows the newest first', () => {
		const doc = new Y.Doc();
		note(doc, 'p1:aaaaaa1', 'prima');
		note(doc, 'p1:aaaaaa2', 'seconda');
		note(doc, 'p2:aaaaaa3', 'nascosta');
		doc.getMap('moderation').set('p2:aaaaaa3', { hidden: true, reason: 'fuori tema' });
		const wall = readWall(doc, { grouping: 'none' });
		expect(wall.groups).toHaveLength(1);
		expect(wall.groups[0]!.notes.map((n) => n.text)).toEqual(['seconda', 'prima']);
		expect(wall.total).toBe(2);
	});

	it('keeps only the newest notes when there are more than fit', () => {
		const doc = new Y.Doc();
		for (let i = 1; i <= 9; i++) note(doc, `p1:aaaaaa${i}`, `nota ${i}`);
		const wall = readWall(doc, { grouping: 'none', max: 3 });
		expect(wall.groups[0]!.notes.map((n) => n.text)).toEqual(['nota 9', 'nota 8', 'nota 7']);
		expect([wall.shown, wall.total]).toEqual([3, 9]);
	});

	it('groups by section in the board’s order, empty sections kept, the rest last', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('sections', [
			{ id: 'says', label: 'Dice' },
			{ id: 'thinks', label: 'Pensa' }
		]);
		note(doc, 'p1:aaaaaa1', 'detto', { section: 'says' });
		note(doc, 'p1:aaaaaa2', 'senza sezione');
		note(doc, 'p1:aaaaaa3', 'sezione sconosciuta', { section: 'feels' });
		const wall = readWall(doc, { grouping: 'section' });
		expect(wall.groups.map((g) => [g.label, g.notes.map((n) => n.text)])).toEqual([
			['Dice', ['detto']],
			['Pensa', []],
			[null, ['sezione sconosciuta', 'senza sezione']]
		]);
	});

	it('groups by cluster through the layout', () => {
		const doc = new Y.Doc();
		doc.getMap('clusters').set('c1', { label: 'Orari', x: 0, y: 0, colour: 'blue' });
		note(doc, 'p1:aaaaaa1', 'domenica');
		note(doc, 'p1:aaaaaa2', 'compiti');
		doc.getMap('layout').set('p1:aaaaaa1', { x: 0, y: 0, clusterId: 'c1' });
		const wall = readWall(doc, { grouping: 'cluster' });
		expect(wall.groups.map((g) => [g.label, g.notes.map((n) => n.text)])).toEqual([
			['Orari', ['domenica']],
			[null, ['compiti']]
		]);
	});

	it('names no author for a note copied from paper', () => {
		const doc = new Y.Doc();
		note(doc, 'p1:aaaaaa1', 'dal foglio', { fromPaper: true });
		expect(readWall(doc, { grouping: 'none' }).groups[0]!.notes[0]!.authorName).toBeNull();
	});

	it('reads the prompt, or nothing', () => {
		const doc = new Y.Doc();
		expect(promptOf(doc)).toBe('');
		doc.getMap('meta').set('prompt', 'Come potremmo…?');
		expect(promptOf(doc)).toBe('Come potremmo…?');
	});
});

describe('card grid', () => {
	it('fits twenty-one notes on a 1280×720 stage in five rows of five', () => {
		const grid = cardGrid(21, 890, 520);
		expect([grid.columns, grid.rows]).toEqual([5, 5]);
		expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(21);
		expect(grid.fontPx).toBeGreaterThanOrEqual(14);
		expect(grid.lines).toBeGreaterThanOrEqual(2);
	});

	it('always has a cell for each of sixty notes, text never under the floor', () => {
		for (const [w, h] of [
			[890, 520],
			[1340, 800],
			[300, 200]
		] as const) {
			const grid = cardGrid(60, w, h);
			expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(60);
			expect(grid.fontPx).toBeGreaterThanOrEqual(11);
			expect(grid.lines).toBeGreaterThanOrEqual(1);
		}
	});

	it('keeps a lone note card-sized, with text no larger than the cap', () => {
		const grid = cardGrid(1, 1340, 800, { maxFontPx: 40 });
		expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(6);
		expect(grid.fontPx).toBe(40);
	});

	it('gets bigger text as notes get fewer', () => {
		expect(cardGrid(6, 890, 520).fontPx).toBeGreaterThan(cardGrid(40, 890, 520).fontPx);
	});
});

describe('result bars', () => {
	it('puts the most dots first, the widest bar full, labels from the board', () => {
		const doc = new Y.Doc();
		note(doc, 'p1:aaaaaa1', 'domenica');
		doc.getMap('clusters').set('c1', { label: 'Orari', x: 0, y: 0, colour: 'blue' });
		const bars = resultBars(
			[entry('c1', 1, 1, 2), entry('p1:aaaaaa1', 4, 2, 1), entry('gone', 1, 0, 3)],
			itemLabels(doc)
		);
		expect(bars.map((b) => [b.label, b.total, b.online, b.paper, b.width])).toEqual([
			['domenica', 6, 4, 2, 1],
			['Orari', 2, 1, 1, 2 / 6],
			[null, 1, 1, 0, 1 / 6]
		]);
	});

	it('gives a hidden note no label', () => {
		const doc = new Y.Doc();
		note(doc, 'p1:aaaaaa1', 'segreta');
		doc.getMap('moderation').set('p1:aaaaaa1', { hidden: true, reason: '' });
		expect(resultBars([entry('p1:aaaaaa1', 2)], itemLabels(doc))[0]!.label).toBeNull();
	});

	it('shows at most the top ten', () => {
		const entries = Array.from({ length: 14 }, (_, i) => entry(`n${i}`, 14 - i, 0, i + 1));
		expect(resultBars(entries, new Map()).map((b) => b.itemId)).toEqual(
			entries.slice(0, 10).map((e) => e.itemId)
		);
	});
});
