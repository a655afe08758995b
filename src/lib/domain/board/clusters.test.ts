import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as clusters from './clusters';
import type { StaffOrigin } from './clusters';

const staff: StaffOrigin = { source: 'staff', userId: 'u-1' };
const shown = (noteId: string) => ({ x: noteId.length * 10, y: 5 });

function board() {
	const doc = new Y.Doc();
	const origins: unknown[] = [];
	doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
	return { doc, origins };
}

describe('createCluster', () => {
	it('groups the same notes under a new named cluster in one staff transaction', () => {
		const { doc, origins } = board();
		doc.getMap('layout').set('p1:aaaaaa', { x: 300, y: 40, clusterId: null });
		origins.length = 0;
		const id = clusters.createCluster(
			doc,
			staff,
			{ label: '  Orari  ', noteIds: ['p1:aaaaaa', 'p2:bbbbbb'] },
			shown
		);
		expect(id).toMatch(/^c-[a-z0-9]{12}$/);
		expect(origins).toEqual([staff]);
		expect(doc.getMap('clusters').get(id!)).toEqual({
			label: 'Orari',
			x: 90,
			y: 5,
			colour: 'teal'
		});
		// The moved note keeps its place; the one never moved is written where it was shown.
		expect(doc.getMap('layout').toJSON()).toEqual({
			'p1:aaaaaa': { x: 300, y: 40, clusterId: id },
			'p2:bbbbbb': { x: 90, y: 5, clusterId: id }
		});
		expect(doc.getMap('notes').size).toBe(0);
	});

	it('gathers the notes where asked, e.g. when a suggestion is accepted', () => {
		const { doc } = board();
		const id = clusters.createCluster(
			doc,
			staff,
			{
				label: 'Orari',
				noteIds: ['a:1', 'a:2'],
				placeAt: [
					{ x: 1000, y: 0 },
					{ x: 1224, y: 0 }
				]
			},
			shown
		)!;
		expect(doc.getMap('layout').toJSON()).toEqual({
			'a:1': { x: 1000, y: 0, clusterId: id },
			'a:2': { x: 1224, y: 0, clusterId: id }
		});
		expect(doc.getMap('clusters').get(id)).toMatchObject({ x: 1000, y: 0 });
	});

	it('takes the next unused colour of the palette', () => {
		const { doc } = board();
		clusters.createCluster(doc, staff, { label: 'Uno', noteIds: [] }, shown);
		const second = clusters.createCluster(doc, staff, { label: 'Due', noteIds: [] }, shown);
		expect(doc.getMap<{ colour: string }>('clusters').get(second!)?.colour).toBe('violet');
	});

	it('refuses an empty or overlong name and writes nothing', () => {
		const { doc, origins } = board();
		expect(
			clusters.createCluster(doc, staff, { label: ' \u200b ', noteIds: ['a:aaaaaa'] }, shown)
		).toBeNull();
		expect(
			clusters.createCluster(doc, staff, { label: 'x'.repeat(61), noteIds: ['a:aaaaaa'] }, shown)
		).toBeNull();
		expect(origins).toEqual([]);
		expect(doc.getMap('clusters').size + doc.getMap('layout').size).toBe(0);
	});
});

describe('readClusters', () => {
	it('lists each cluster with its visible notes and ignores layouts of other notes or lost clusters', () => {
		const { doc } = board();
		const id = clusters.createCluster(
			doc,
			staff,
			{ label: 'Spazi', noteIds: ['a:1', 'a:2', 'a:3'] },
			shown
		)!;
		doc.getMap('layout').set('a:4', { x: 0, y: 0, clusterId: 'c-gone' });
		doc.getMap('clusters').set('c-broken', 'not a record');
		expect(clusters.readClusters(doc, ['a:1', 'a:3', 'a:4'])).toEqual([
			{ id, label: 'Spazi', x: 30, y: 5, colour: 'teal', noteIds: ['a:1', 'a:3'] }
		]);
	});
});

describe('moveNotes and assignNotes', () => {
	it('writes dropped positions rounded, keeping each note’s cluster unless told', () => {
		const { doc, origins } = board();
		const id = clusters.createCluster(doc, staff, { label: 'A', noteIds: ['n:1'] }, shown)!;
		origins.length = 0;
		clusters.moveNotes(doc, staff, [
			{ noteId: 'n:1', x: 10.4, y: 20.6 },
			{ noteId: 'n:2', x: 5, y: 5, clusterId: id },
			{ noteId: 'n:3', x: Number.NaN, y: 0 }
		]);
		expect(origins).toEqual([staff]);
		expect(doc.getMap('layout').toJSON()).toEqual({
			'n:1': { x: 10, y: 21, clusterId: id },
			'n:2': { x: 5, y: 5, clusterId: id }
		});
	});

	it('moves notes into a cluster and out again without moving them, and not into a missing one', () => {
		const { doc } = board();
		const id = clusters.createCluster(doc, staff, { label: 'A', noteIds: [] }, shown)!;
		clusters.assignNotes(doc, staff, ['n:1'], id, shown);
		expect(doc.getMap('layout').get('n:1')).toEqual({ x: 30, y: 5, clusterId: id });
		clusters.assignNotes(doc, staff, ['n:1'], null, () => ({ x: 999, y: 999 }));
		expect(doc.getMap('layout').get('n:1')).toEqual({ x: 30, y: 5, clusterId: null });
		clusters.assignNotes(doc, staff, ['n:1'], 'c-missing', shown);
		expect(doc.getMap('layout').get('n:1')).toEqual({ x: 30, y: 5, clusterId: null });
	});
});

describe('renaming, recolouring and deleting', () => {
	it('renames and recolours a cluster, refusing a bad name or colour', () => {
		const { doc } = board();
		const id = clusters.createCluster(doc, staff, { label: 'A', noteIds: [] }, shown)!;
		expect(clusters.renameCluster(doc, staff, id, 'Orari\nestesi')).toBe(true);
		expect(clusters.renameCluster(doc, staff, id, '')).toBe(false);
		expect(clusters.recolourCluster(doc, staff, id, 'rose')).toBe(true);
		expect(clusters.recolourCluster(doc, staff, id, 'black' as clusters.ClusterColour)).toBe(false);
		expect(clusters.renameCluster(doc, staff, 'c-missing', 'B')).toBe(false);
		expect(doc.getMap('clusters').get(id)).toMatchObject({ label: 'Orari estesi', colour: 'rose' });
	});

	it('deletes a cluster and keeps its notes where they are, ungrouped', () => {
		const { doc } = board();
		doc.getMap('notes').set('n:1', { text: 'resident note' });
		const id = clusters.createCluster(doc, staff, { label: 'A', noteIds: ['n:1', 'n:2'] }, shown)!;
		clusters.deleteCluster(doc, staff, id);
		expect(doc.getMap('clusters').size).toBe(0);
		expect(doc.getMap('layout').toJSON()).toEqual({
			'n:1': { x: 30, y: 5, clusterId: null },
			'n:2': { x: 30, y: 5, clusterId: null }
		});
		expect(doc.getMap('notes').get('n:1')).toEqual({ text: 'resident note' });
	});
});

describe('names and colours', () => {
	it('cleans a name to one line and gives the palette round again once every colour is used', () => {
		expect(clusters.cleanLabel(' Orari\u202e\tserali ')).toBe('Orari serali');
		expect(clusters.labelProblem('   ')).toBe('empty');
		expect(clusters.nextColour([...clusters.CLUSTER_COLOURS])).toBe('teal');
		expect(clusters.nextColour(['teal'])).toBe('violet');
	});
});
