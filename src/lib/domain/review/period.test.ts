import { describe, expect, it } from 'vitest';
import { lastYear } from './period';

describe('lastYear', () => {
	it('ends today in the library’s time zone and starts the day after a year ago', () => {
		// 23:30 UTC on 28 February is already 1 March in Rome.
		expect(lastYear(new Date('2027-02-28T23:30:00Z'), 'Europe/Rome')).toEqual({
			from: '2026-03-02',
			to: '2027-03-01'
		});
		expect(lastYear(new Date('2026-11-28T10:00:00Z'), 'Europe/Rome')).toEqual({
			from: '2025-11-29',
			to: '2026-11-28'
		});
	});

	it('handles a leap day', () => {
		expect(lastYear(new Date('2028-02-29T12:00:00Z'), 'UTC')).toEqual({
			from: '2027-03-01',
			to: '2028-02-29'
		});
	});
});
