import { describe, expect, it } from 'vitest';
import { backPath, wantsPage } from './navigation';

describe('wantsPage', () => {
	it('recognises a browser tab navigating', () => {
		for (const accept of [
			'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
			'text/html',
			'TEXT/HTML; charset=utf-8',
			'application/json;q=0.5, text/html'
		]) {
			expect(wantsPage(accept), accept).toBe(true);
		}
	});

	it('leaves scripts the JSON: application/json, */*, nothing, or HTML ranked no higher', () => {
		for (const accept of [
			null,
			'',
			'*/*',
			'application/json',
			'application/json, text/html',
			'text/html;q=0, */*',
			'text/*',
			'text/html;q=0.4, application/json;q=0.9'
		]) {
			expect(wantsPage(accept), String(accept)).toBe(false);
		}
	});
});

describe('backPath', () => {
	const origin = 'https://piazza.example.org';

	it('goes back to the page of this site that linked here, with its query', () => {
		expect(backPath(`${origin}/staff/review?stage=proposed`, origin)).toBe(
			'/staff/review?stage=proposed'
		);
	});

	it('goes to the fallback for another site, a malformed or a missing referer', () => {
		expect(backPath('https://evil.example.com/staff/review', origin, '/staff')).toBe('/staff');
		expect(backPath('not a url', origin, '/staff')).toBe('/staff');
		expect(backPath(null, origin)).toBe('/');
	});
});
