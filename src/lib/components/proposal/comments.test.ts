import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Comments from './Comments.svelte';

// The proposal page renders comments on the server first: a comment's markup must reach the page
// as text, never as elements.
describe('Comments', () => {
	const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';

	it('renders a comment with markup as text', () => {
		const { body } = render(Comments, {
			props: {
				proposalId: '00000000-0000-4000-8000-000000000000',
				timeZone: 'Europe/Rome',
				comments: [
					{
						id: 'c1',
						authorName: '<b>Marco</b>',
						text: hostile,
						createdAt: '2026-11-28T10:00:00.000Z',
						mine: false,
						hidden: null
					}
				],
				refusal: 'no-session'
			}
		});
		expect(body).not.toContain('<script>alert(1)');
		expect(body).not.toContain('<img src=x');
		expect(body).not.toContain('<b>Marco</b>');
		expect(body).toContain('&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>');
	});

	it('tells the author why their comment was hidden', () => {
		const { body } = render(Comments, {
			props: {
				proposalId: '00000000-0000-4000-8000-000000000000',
				timeZone: 'Europe/Rome',
				comments: [
					{
						id: 'c2',
						authorName: 'Anna',
						text: 'Il mio numero',
						createdAt: '2026-11-28T10:00:00.000Z',
						mine: true,
						hidden: { reason: 'Dati personali', at: '2026-11-28T11:00:00.000Z' }
					}
				]
			}
		});
		expect(body).toContain('Dati personali');
		expect(body).toMatch(/gli altri non lo vedono|others do not see it/);
	});

	it('says the day a comment was written in words, on the library’s calendar', () => {
		const { body } = render(Comments, {
			props: {
				proposalId: '00000000-0000-4000-8000-000000000000',
				timeZone: 'Europe/Rome',
				comments: [
					{
						id: 'c3',
						authorName: 'Teresa',
						text: 'Lo userei di sera',
						// 23:30 UTC on 13 March is already 14 March in Milan.
						createdAt: '2026-03-13T23:30:00.000Z',
						mine: false,
						hidden: null
					}
				]
			}
		});
		expect(body).toMatch(/<time datetime="2026-03-13T23:30:00.000Z"[^>]*>14 marzo 2026<\/time>/);
	});
});
