import { describe, expect, it } from 'vitest';
import { BULK_MAX, parseBulk, requestFor } from './bulk';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('parseBulk', () => {
	it('keeps each id once, whatever its case, and drops what is not an id', () => {
		const parsed = parseBulk('shortlist', [id(1), id(1).toUpperCase(), 'x; drop table', id(2)], '');
		expect(parsed).toEqual({ ok: true, action: 'shortlist', ids: [id(1), id(2)], reason: '' });
	});

	it('asks for a reason to archive, and refuses an empty or oversized selection', () => {
		expect(parseBulk('archive', [id(1)], '  ')).toEqual({ ok: false, problem: 'reason-required' });
		expect(parseBulk('archive', [id(1)], 'Già in corso altrove')).toMatchObject({ ok: true });
		expect(parseBulk('shortlist', [], '')).toEqual({ ok: false, problem: 'none-selected' });
		const many = Array.from({ length: BULK_MAX + 1 }, (_, i) => id(i));
		expect(parseBulk('shortlist', many, '')).toEqual({ ok: false, problem: 'too-many' });
		expect(parseBulk('adopt', [id(1)], '')).toEqual({ ok: false, problem: 'unknown-action' });
		expect(parseBulk('archive', [id(1)], 'x'.repeat(2001))).toEqual({
			ok: false,
			problem: 'reason-too-long'
		});
	});

	it('moves each proposal with the stage request of its action', () => {
		expect(requestFor('archive', 'Doppione')).toEqual({ to: 'archived', note: 'Doppione' });
		expect(requestFor('shortlist', '')).toEqual({ to: 'shortlisted', note: '' });
	});
});
