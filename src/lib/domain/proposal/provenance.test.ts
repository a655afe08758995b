import { describe, expect, it } from 'vitest';
import type { NoteRecord } from '../board/schema';
import type { BoardContent } from './provenance';
import { dotsFor, pick, suggestedTitle } from './provenance';

const P1 = '00000000-0000-4000-8000-0000000000a1';
const P2 = '00000000-0000-4000-8000-0000000000a2';

function note(authorId: string, authorName: string, text: string, extra = {}): NoteRecord {
	return { authorId, authorName, text, section: null, colour: 'yellow', createdAt: 1, ...extra };
}

const board: BoardContent = {
	notes: {
		[`${P1}:aaaaaa`]: note(P1, 'Giulia', 'Armadietti per ritirare i libri la sera'),
		[`${P2}:bbbbbb`]: note(P2, 'Karim', 'Ritiro prestiti dopo il lavoro'),
		[`${P2}:cccccc`]: note(P2, 'Karim', 'Più fumetti'),
		'paper:dddddd': note('paper', 'Dal foglio', 'Aperti la domenica', { fromPaper: true }),
		[`${P1}:eeeeee`]: note(P1, 'Giulia', 'testo fuori tema')
	},
	layout: {
		[`${P1}:aaaaaa`]: { clusterId: 'c-ritiro' },
		[`${P2}:bbbbbb`]: { clusterId: 'c-ritiro' },
		[`${P1}:eeeeee`]: { clusterId: 'c-ritiro' },
		'paper:dddddd': { clusterId: 'c-orari' },
		'gone:zzzzzz': { clusterId: 'c-ritiro' }
	},
	clusters: {
		'c-ritiro': { label: 'Ritiro fuori orario' },
		'c-orari': { label: 'Orari' },
		'c-vuoto': { label: 'Vuoto' }
	},
	moderation: { [`${P1}:eeeeee`]: { hidden: true } }
};

describe('provenance', () => {
	it('brings a cluster with its visible notes, leaving out hidden and vanished ones', () => {
		const picked = pick(board, { clusterId: 'c-ritiro' });
		expect(picked).toEqual({
			ok: true,
			cluster: { id: 'c-ritiro', label: 'Ritiro fuori orario' },
			notes: [
				{
					id: `${P1}:aaaaaa`,
					text: 'Armadietti per ritirare i libri la sera',
					authorName: 'Giulia',
					authorId: P1,
					fromPaper: false
				},
				{
					id: `${P2}:bbbbbb`,
					text: 'Ritiro prestiti dopo il lavoro',
					authorName: 'Karim',
					authorId: P2,
					fromPaper: false
				}
			]
		});
	});

	it('keeps paper notes marked, without an author id', () => {
		const picked = pick(board, { noteIds: ['paper:dddddd'] });
		expect(picked.ok && picked.notes[0]).toMatchObject({ fromPaper: true, authorId: null });
	});

	it('takes notes once each, in the order given', () => {
		const picked = pick(board, { noteIds: [`${P2}:cccccc`, `${P1}:aaaaaa`, `${P2}:cccccc`] });
		expect(picked.ok && picked.notes.map((n) => n.id)).toEqual([`${P2}:cccccc`, `${P1}:aaaaaa`]);
	});

	it('refuses a promotion of nothing, of an unknown or hidden note, of an unknown or empty cluster', () => {
		expect(pick(board, {})).toEqual({ ok: false, problem: 'source-required' });
		expect(pick(board, { noteIds: [] })).toEqual({ ok: false, problem: 'source-required' });
		expect(pick(board, { noteIds: ['nope'] })).toEqual({ ok: false, problem: 'note-not-found' });
		expect(pick(board, { noteIds: [42] })).toEqual({ ok: false, problem: 'note-not-found' });
		expect(pick(board, { noteIds: ['__proto__'] })).toEqual({
			ok: false,
			problem: 'note-not-found'
		});
		expect(pick(board, { noteIds: [`${P1}:eeeeee`] })).toEqual({
			ok: false,
			problem: 'note-hidden'
		});
		expect(pick(board, { clusterId: 'c-nope' })).toEqual({
			ok: false,
			problem: 'cluster-not-found'
		});
		expect(pick(board, { clusterId: 'toString' })).toEqual({
			ok: false,
			problem: 'cluster-not-found'
		});
		expect(pick(board, { clusterId: 'c-vuoto' })).toEqual({ ok: false, problem: 'cluster-empty' });
		expect(pick(board, { noteIds: Array.from({ length: 101 }, () => `${P2}:cccccc`) })).toEqual({
			ok: false,
			problem: 'too-many-notes'
		});
	});

	it('counts the dots on the cluster and on each of its notes, paper apart', () => {
		const dots = {
			phone: { 'c-ritiro': 4, [`${P1}:aaaaaa`]: 2, 'c-orari': 9 },
			paper: { 'c-ritiro': 1, [`${P2}:bbbbbb`]: 3 }
		};
		expect(
			dotsFor(dots, { id: 'c-ritiro' }, [{ id: `${P1}:aaaaaa` }, { id: `${P2}:bbbbbb` }])
		).toEqual({ votes: 10, paperVotes: 4 });
		expect(dotsFor(dots, null, [{ id: 'nothing' }])).toEqual({ votes: 0, paperVotes: 0 });
	});

	it('suggests a title from the cluster, else the first note, cut at a word', () => {
		const cluster = pick(board, { clusterId: 'c-ritiro' });
		const notes = pick(board, { noteIds: [`${P1}:aaaaaa`] });
		if (!cluster.ok || !notes.ok) throw new Error('fixture');
		expect(suggestedTitle(cluster)).toBe('Ritiro fuori orario');
		expect(suggestedTitle(notes, 20)).toBe('Armadietti per…');
	});
});
