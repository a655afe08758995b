import { describe, expect, it } from 'vitest';
import { isUuid } from './ids';

describe('isUuid', () => {
	it('accepts a canonical uuid in either case', () => {
		expect(isUuid('0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6f')).toBe(true);
		expect(isUuid('0B7C2A4E-5D1F-4C3A-9E8B-1A2B3C4D5E6F')).toBe(true);
	});

	it('refuses anything a query should never see', () => {
		for (const input of [
			'',
			'CASA42',
			'0b7c2a4e5d1f4c3a9e8b1a2b3c4d5e6f',
			'0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6',
			'0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6fa',
			'0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6g',
			' 0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6f',
			'0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6f\n',
			"' or 1=1 --"
		]) {
			expect(isUuid(input)).toBe(false);
		}
	});
});
