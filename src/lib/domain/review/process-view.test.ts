import { describe, expect, it } from 'vitest';
import { combineThemes, themeKey, topIdeas } from './process-view';

const at = (workshopId: string, place: string) => ({
	workshopId,
	workshopTitle: `Serata ${place}`,
	place
});
const cinisello = at('w1', 'Cinisello Balsamo');
const sesto = at('w2', 'Sesto San Giovanni');
const milano = at('w3', 'Milano');

describe('combineThemes', () => {
	it('joins the same theme heard in several places, and leads with the most widely heard', () => {
		const themes = combineThemes([
			{ label: 'Orari', notes: 4, votes: 9, origin: cinisello },
			{ label: 'Spazi per studiare', notes: 6, votes: 20, origin: cinisello },
			{ label: '  orari ', notes: 3, votes: 5, origin: sesto },
			{ label: 'ORARI', notes: 1, votes: 0, origin: milano },
			{ label: 'Orari', notes: 2, votes: 1, origin: milano },
			{ label: '', notes: 1, votes: 1, origin: milano }
		]);
		expect(themes).toEqual([
			{ label: 'Orari', notes: 10, votes: 15, origins: [cinisello, sesto, milano] },
			{ label: 'Spazi per studiare', notes: 6, votes: 20, origins: [cinisello] }
		]);
	});

	it('keys names by their words, not their spacing or case', () => {
		expect(themeKey(' Spazi  per\tstudiare ')).toBe(themeKey('spazi per studiare'));
		expect(themeKey('Città')).not.toBe(themeKey('Citta'));
	});
});

describe('topIdeas', () => {
	it('keeps ideas with dots, most first, up to the limit', () => {
		const idea = (label: string, votes: number) => ({ label, votes, origin: sesto, proposals: [] });
		expect(
			topIdeas([idea('b', 3), idea('a', 3), idea('c', 0), idea('d', 7)], 2).map((i) => i.label)
		).toEqual(['d', 'a']);
	});
});
