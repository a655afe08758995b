import { describe, expect, it } from 'vitest';
import {
	NOTE_HEIGHT,
	NOTE_WIDTH,
	arrange,
	clusterFrame,
	frameAt,
	gridRightOf,
	slotsBelow
} from './canvas-layout';

const EMPATHY = ['says', 'thinks', 'does', 'feels', 'pains', 'gains'].map((id) => ({
	id,
	label: id.toUpperCase()
}));

const inside = (
	p: { x: number; y: number },
	r: { x: number; y: number; width: number; height: number }
) =>
	p.x >= r.x &&
	p.y >= r.y &&
	p.x + NOTE_WIDTH <= r.x + r.width &&
	p.y + NOTE_HEIGHT <= r.y + r.height;

describe('arrange', () => {
	it('lays the empathy map out as two columns of regions and starts each note inside its section', () => {
		const notes = [
			...Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, section: 'says' })),
			{ id: 'f1', section: 'feels' },
			{ id: 'x1', section: null },
			{ id: 'x2', section: 'unknown' }
		];
		const { regions, positions } = arrange(notes, new Set(notes.map((n) => n.id)), EMPATHY);
		expect(regions.map((r) => r.id)).toEqual(EMPATHY.map((s) => s.id));
		const [says, thinks, does] = regions;
		expect(says!.y).toBe(thinks!.y);
		expect(does!.x).toBe(says!.x);
		// A busy quadrant grows, and its row grows with it.
		expect(says!.height).toBe(thinks!.height);
		expect(does!.y).toBeGreaterThanOrEqual(says!.y + says!.height);
		for (const note of notes) {
			const region = regions.find((r) => r.id === note.section);
			if (region) expect(inside(positions.get(note.id)!, region)).toBe(true);
		}
		// Notes without a known section go below every region.
		const bottom = Math.max(...regions.map((r) => r.y + r.height));
		expect(positions.get('x1')!.y).toBeGreaterThan(bottom);
		expect(positions.get('x2')!.y).toBeGreaterThan(bottom);
	});

	it('gives no position to notes that already have a layout, and no overlapping ones to the rest', () => {
		const notes = Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, section: null }));
		const { regions, positions } = arrange(notes, new Set(['n3', 'n4', 'n5', 'n19']), []);
		expect(regions).toEqual([]);
		expect([...positions.keys()]).toEqual(['n3', 'n4', 'n5', 'n19']);
		const keys = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
		expect(keys.size).toBe(4);
	});
});

describe('clusterFrame and frameAt', () => {
	it('frames a cluster’s notes with room for its label, and finds the smallest frame under a point', () => {
		const frame = clusterFrame({ x: 0, y: 0 }, [
			{ x: 100, y: 100 },
			{ x: 400, y: 300 }
		]);
		expect(frame.x).toBeLessThan(100);
		expect(frame.y).toBeLessThan(100);
		expect(frame.x + frame.width).toBeGreaterThan(400 + NOTE_WIDTH);
		expect(frame.y + frame.height).toBeGreaterThan(300 + NOTE_HEIGHT);
		const empty = clusterFrame({ x: 50, y: 60 }, []);
		expect(empty).toMatchObject({ x: 50, y: 60 });
		const frames = new Map([
			['big', frame],
			['small', { x: 120, y: 120, width: 50, height: 50 }]
		]);
		expect(frameAt({ x: 130, y: 130 }, frames)).toBe('small');
		expect(frameAt({ x: 500, y: 200 }, frames)).toBe('big');
		expect(frameAt({ x: -500, y: 0 }, frames)).toBeNull();
	});
});

describe('gridRightOf', () => {
	it('gathers notes in rows of three to the right of everything, clear of it', () => {
		const taken = [
			{ x: 0, y: 100, width: 500, height: 300 },
			{ x: 600, y: 0, width: 200, height: 120 }
		];
		const slots = gridRightOf(taken, 4);
		expect(slots).toHaveLength(4);
		expect(Math.min(...slots.map((p) => p.x))).toBeGreaterThan(800);
		expect(slots[3]!.x).toBe(slots[0]!.x);
		expect(slots[3]!.y).toBe(slots[0]!.y + NOTE_HEIGHT + 24);
	});
});

describe('slotsBelow', () => {
	it('puts notes joining a cluster in a row under its lowest note, or inside an empty frame', () => {
		const slots = slotsBelow(
			{ x: 0, y: 0 },
			[
				{ x: 100, y: 50 },
				{ x: 324, y: 194 }
			],
			2
		);
		expect(slots).toEqual([
			{ x: 100, y: 194 + NOTE_HEIGHT + 24 },
			{ x: 100 + NOTE_WIDTH + 24, y: 194 + NOTE_HEIGHT + 24 }
		]);
		const empty = slotsBelow({ x: 500, y: 600 }, [], 1)[0]!;
		expect(empty.x).toBeGreaterThan(500);
		expect(empty.y).toBeGreaterThan(600);
	});

	it('widens busy sections so that 500 notes do not make a tower', () => {
		const notes = Array.from({ length: 480 }, (_, i) => ({
			id: `n${i}`,
			section: EMPATHY[i % 6]!.id
		}));
		const { regions } = arrange(notes, new Set(notes.map((n) => n.id)), EMPATHY);
		const width = Math.max(...regions.map((r) => r.x + r.width));
		const height = Math.max(...regions.map((r) => r.y + r.height));
		expect(height / width).toBeLessThan(2.5);
	});
});
