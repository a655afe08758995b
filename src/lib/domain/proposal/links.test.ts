import { describe, expect, it } from 'vitest';
import { allowedLink, isAllowedUri } from './links';

describe('links in a proposal’s description', () => {
	it('keeps web pages and e-mail addresses', () => {
		expect(allowedLink('https://www.comune.milano.it/biblioteche')).toBe(
			'https://www.comune.milano.it/biblioteche'
		);
		expect(allowedLink('http://example.org')).toBe('http://example.org/');
		expect(allowedLink('mailto:biblioteca@example.org')).toBe('mailto:biblioteca@example.org');
	});

	it('adds https to a bare address and mailto to a bare e-mail', () => {
		expect(allowedLink('milano.it/biblioteche')).toBe('https://milano.it/biblioteche');
		expect(allowedLink('sormani@example.org')).toBe('mailto:sormani@example.org');
	});

	it('refuses script, data and other schemes however they are written', () => {
		for (const bad of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'java\tscript:alert(1)',
			' \u0001javascript:alert(1)',
			'vbscript:msgbox(1)',
			'data:text/html,<script>alert(1)</script>',
			'file:///etc/passwd',
			''
		])
			expect(allowedLink(bad), bad).toBeNull();
	});

	it('answers the editor’s check the same way', () => {
		expect(isAllowedUri('https://example.org')).toBe(true);
		expect(isAllowedUri('mailto:a@b.it')).toBe(true);
		expect(isAllowedUri('javascript:alert(1)')).toBe(false);
		expect(isAllowedUri('java\nscript:alert(1)')).toBe(false);
		expect(isAllowedUri('VBScript:x')).toBe(false);
		expect(isAllowedUri(undefined)).toBe(false);
	});
});
