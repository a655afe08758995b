import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemLabel, voteItem } from './items';

function board() {
	const doc = new Y.Doc();
	doc.getMap('notes').set('p1:visible1', { text: 'Più orari la sera' });
	doc.getMap('notes').set('p1:hidden01', { text: 'fuori tema' });
	doc.getMap('moderation').set('p1:hidden01', { hidden: true, reason: 'fuori tema' });
	doc.getMap('moderation').set('p1:visible1', { hidden: false, reason: '' });
	doc.getMap('clusters').set('c-orari', { label: 'Orari', x: 0, y: 0, colour: 'blue' });
	return doc;
}

describe('the item a dot is aimed at', () => {
	it('is a note of the board, hidden only when a facilitator hid it', () => {
		const doc = board();
		expect(voteItem(doc, 'notes', 'p1:visible1')).toEqual({ exists: true, hidden: false });
		expect(voteItem(doc, 'notes', 'p1:hidden01')).toEqual({ exists: true, hidden: true });
	});

	it('does not exist when no note or cluster of the vote has that id', () => {
		const doc = board();
		expect(voteItem(doc, 'notes', 'p1:forged01')).toMatchObject({ exists: false });
		expect(voteItem(doc, 'clusters', 'c-nowhere')).toMatchObject({ exists: false });
	});

	it('must be of the kind the vote is on: a cluster when voting on clusters, a note otherwise', () => {
		const doc = board();
		expect(voteItem(doc, 'clusters', 'c-orari')).toEqual({ exists: true, hidden: false });
		expect(voteItem(doc, 'notes', 'c-orari')).toMatchObject({ exists: false });
		expect(voteItem(doc, 'clusters', 'p1:visible1')).toMatchObject({ exists: false });
	});
});

describe('an item named for the results', () => {
	it('is a note by its text and a cluster by its label', () => {
		const doc = board();
		expect(itemLabel(doc, 'p1:visible1', 'Gruppo senza nome')).toBe('Più orari la sera');
		expect(itemLabel(doc, 'c-orari', 'Gruppo senza nome')).toBe('Orari');
	});

	it('says a cluster has no name rather than nothing, and null for an item gone', () => {
		const doc = board();
		doc.getMap('clusters').set('c-vuoto', { label: '  ', x: 0, y: 0, colour: 'teal' });
		expect(itemLabel(doc, 'c-vuoto', 'Gruppo senza nome')).toBe('Gruppo senza nome');
		expect(itemLabel(doc, 'p1:deleted', 'Gruppo senza nome')).toBeNull();
	});
});
