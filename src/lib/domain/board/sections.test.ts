import { describe, expect, it } from 'vitest';
import { readSections } from './sections';

describe('board sections', () => {
	it('reads ordered sections as the template stored them', () => {
		expect(
			readSections([
				{ id: 'says', label: 'Dice' },
				{ id: 'thinks', label: 'Pensa' }
			])
		).toEqual([
			{ id: 'says', label: 'Dice' },
			{ id: 'thinks', label: 'Pensa' }
		]);
	});

	it('leaves out malformed and repeated sections, and names an unlabelled one by its id', () => {
		expect(
			readSections([
				{ id: 'says', label: 'Dice' },
				{ id: 'says', label: 'Again' },
				{ id: 'Bad Id', label: 'x' },
				'loose',
				null,
				{ id: 'gains', label: '  ' }
			])
		).toEqual([
			{ id: 'says', label: 'Dice' },
			{ id: 'gains', label: 'gains' }
		]);
	});

	it('gives no sections for a board that has none', () => {
		expect(readSections(undefined)).toEqual([]);
		expect(readSections({ id: 'says' })).toEqual([]);
	});
});
