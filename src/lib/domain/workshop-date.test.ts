import { describe, expect, it } from 'vitest';
import { formatWorkshopDate } from './workshop-date';

describe('formatWorkshopDate', () => {
	const evening = new Date('2026-11-26T17:30:00Z'); // 18:30 in Milan (CET)

	it('reads naturally in Italian, in Milan time', () => {
		const text = formatWorkshopDate(evening, 'it', 'Europe/Rome');
		expect(text).toContain('giovedì 26 novembre 2026');
		expect(text).toContain('18:30');
	});

	it('reads naturally in English, in Milan time', () => {
		const text = formatWorkshopDate(evening, 'en', 'Europe/Rome');
		expect(text).toContain('Thursday, 26 November 2026');
		expect(text).toContain('18:30');
	});

	it('follows the time zone it is given, not the machine it runs on', () => {
		expect(formatWorkshopDate(evening, 'en', 'UTC')).toContain('17:30');
	});
});
