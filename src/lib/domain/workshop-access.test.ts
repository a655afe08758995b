import { describe, expect, it } from 'vitest';
import { workshopAccess } from './workshop-access';

describe('workshopAccess', () => {
	it('lets staff read any workshop and tells them when there is none', () => {
		expect(workshopAccess({ staff: true, participant: false }, true)).toBe('allowed');
		expect(workshopAccess({ staff: true, participant: false }, false)).toBe('not-found');
	});

	it('lets a participant read the workshop they joined', () => {
		expect(workshopAccess({ staff: false, participant: true }, true)).toBe('allowed');
	});

	it('refuses everyone else the same way, whether the workshop exists or not', () => {
		expect(workshopAccess({ staff: false, participant: false }, true)).toBe('forbidden');
		expect(workshopAccess({ staff: false, participant: false }, false)).toBe('forbidden');
	});
});
