import { describe, expect, it } from 'vitest';
import type { BoardContent } from '../proposal/provenance';
import { reportBoard } from './report';

const note = (text: string, section: string | null, createdAt: number) => ({
	authorId: 'p1',
	authorName: 'Anna',
	text,
	section,
	colour: 'yellow' as const,
	createdAt
});

const content: BoardContent = {
	notes: {
		'p1:aaaaaa': note('Pochi posti a sedere', 'pains', 3),
		'p1:bbbbbb': note('Vorrei leggere in cortile', 'gains', 2),
		'p1:cccccc': note('Orari più lunghi', 'pains', 1),
		'p1:dddddd': note('Testo offensivo', 'pains', 4),
		'p1:eeeeee': note('Una nota libera', null, 5),
		'p1:ffffff': note('Sezione sparita', 'old', 6)
	},
	layout: {
		'p1:aaaaaa': { clusterId: 'c1' },
		'p1:cccccc': { clusterId: 'c1' },
		'p1:dddddd': { clusterId: 'c1' },
		'p1:bbbbbb': { clusterId: 'c2' }
	},
	clusters: { c1: { label: 'Spazi e orari' }, c2: { label: 'Aperto' }, c3: { label: 'Vuoto' } },
	moderation: { 'p1:dddddd': { hidden: true } }
};
const sections = [
	{ id: 'gains', label: 'Guadagni' },
	{ id: 'pains', label: 'Fatiche' },
	{ id: 'says', label: 'Dice' }
];

describe('reportBoard', () => {
	const report = reportBoard(content, sections);

	it('puts visible notes under their sections in the board’s order, oldest first', () => {
		expect(report.sections).toEqual([
			{ label: 'Guadagni', notes: ['Vorrei leggere in cortile'] },
			{ label: 'Fatiche', notes: ['Orari più lunghi', 'Pochi posti a sedere'] },
			{ label: null, notes: ['Una nota libera', 'Sezione sparita'] }
		]);
	});

	it('lists clusters with their visible notes, fullest first, and counts what was hidden', () => {
		expect(report.clusters).toEqual([
			{ label: 'Spazi e orari', notes: ['Orari più lunghi', 'Pochi posti a sedere'] },
			{ label: 'Aperto', notes: ['Vorrei leggere in cortile'] },
			{ label: 'Vuoto', notes: [] }
		]);
		expect(report.notes).toBe(5);
		expect(report.hidden).toBe(1);
		expect(JSON.stringify(report)).not.toContain('Anna');
	});
});
