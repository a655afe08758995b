import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect';

describe('safeRedirectTarget', () => {
	it('keeps a local path with its query', () => {
		expect(safeRedirectTarget('/staff?tab=2')).toBe('/staff?tab=2');
	});

	it('sends a path that cannot be a Location header as it stands home', () => {
		for (const odd of ['/€', '/caf\u00e9', '/a b', '/tab\there', '/nul\u0000']) {
			expect(safeRedirectTarget(odd)).toBe('/');
		}
		expect(safeRedirectTarget('/caf%C3%A9')).toBe('/caf%C3%A9');
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
