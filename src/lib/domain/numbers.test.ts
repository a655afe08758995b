import { describe, expect, it } from 'vitest';
import { formatClock, formatCount } from './numbers';

describe('numbers', () => {
	it('writes a count with the separators of each language', () => {
		expect(formatCount(1234, 'it')).toBe('1234'); // Italian groups from five digits up
		expect(formatCount(12345, 'it')).toBe('12.345');
		expect(formatCount(12345, 'en')).toBe('12,345');
		expect(formatCount(3, 'zh')).toBe('3');
	});

	it('writes a countdown as minutes and two-digit seconds', () => {
		expect(formatClock(245, 'it')).toBe('4:05');
		expect(formatClock(0, 'es')).toBe('0:00');
		expect(formatClock(-3, 'en')).toBe('0:00');
		expect(formatClock(3600, 'en')).toBe('60:00');
	});

	it("uses the locale's own digits where it has them", () => {
		expect(formatClock(65, 'ar-EG')).toBe('١:٠٥');
	});
});
