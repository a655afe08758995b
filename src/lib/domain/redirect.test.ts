import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect';

describe('safeRedirectTarget', () => {
	it('keeps a local path with its query', () => {
		expect(safeRedirectTarget('/staff?tab=2')).toBe('/staff?tab=2');
	});

	it('sends anything that could leave the site home', () => {
		for (const evil of [
			'https://evil.example',
			'//evil.example',
			'/\\evil.example',
			'javascript:alert(1)',
			'',
			'/ok\n//evil'
		]) {
			expect(safeRedirectTarget(evil)).toBe('/');
		}
	});
});
