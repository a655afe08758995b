import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { groupByCluster, readClusters, readMembership } from './cluster-groups';

function board() {
	const doc = new Y.Doc();
	const clusters = doc.getMap('clusters');
	clusters.set('c-low', { label: 'Orari', x: 0, y: 400, colour: 'blue' });
	clusters.set('c-top-right', { label: 'Spazi', x: 500, y: 10, colour: 'green' });
	clusters.set('c-top-left', { label: 'Servizi', x: 20, y: 10, colour: 'pink' });
	clusters.set('broken', 'not a record');
	const layout = doc.getMap('layout');
	layout.set('n1', { x: 1, y: 1, clusterId: 'c-low' });
	layout.set('n2', { x: 1, y: 1, clusterId: null });
	layout.set('n3', { x: 1, y: 1, clusterId: 'c-top-left' });
	layout.set('n4', { x: 1, y: 1, clusterId: 'removed' });
	return doc;
}

describe('clusters on a phone', () => {
	it('lists clusters in reading order, top to bottom then left to right, skipping odd records', () => {
		expect(readClusters(board()).map((c) => c.id)).toEqual(['c-top-left', 'c-top-right', 'c-low']);
	});

	it('puts each note in its cluster and the rest after, including notes of a removed cluster', () => {
		const doc = board();
		const notes = ['n1', 'n2', 'n3', 'n4', 'n5'].map((key) => ({ key }));
		const { groups, loose } = groupByCluster(notes, readClusters(doc), readMembership(doc));
		expect(groups.map((g) => [g.label, g.notes.map((n) => n.key)])).toEqual([
			['Servizi', ['n3']],
			['Spazi', []],
			['Orari', ['n1']]
		]);
		expect(loose.map((n) => n.key)).toEqual(['n2', 'n4', 'n5']);
	});

	it('shows a cluster without a label yet with an empty label rather than dropping it', () => {
		const doc = new Y.Doc();
		doc.getMap('clusters').set('c', { x: 0, y: 0 });
		expect(readClusters(doc)).toEqual([{ id: 'c', label: '', colour: null, x: 0, y: 0 }]);
	});
});
