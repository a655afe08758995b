import { describe, expect, it } from 'vitest';
import {
	COMMENT_MAX,
	RETRY_FIRST_SECONDS,
	RETRY_MAX_SECONDS,
	checkComment,
	checkContactEmail,
	checkHideReason,
	gatherIdeas,
	residentRefusal,
	retryDelaySeconds,
	supportRefusal
} from './residents';

const resident = { staff: false, residentId: 'r1', participations: 1 };

describe('who may follow, support and comment', () => {
	it('lets a resident who took part in a workshop act', () => {
		expect(residentRefusal(resident)).toBeNull();
	});

	it('refuses a visitor without a participant session', () => {
		expect(residentRefusal({ staff: false, residentId: null, participations: 0 })).toBe(
			'no-session'
		);
	});

	it('refuses staff, even one who joined a workshop with its code', () => {
		expect(residentRefusal({ staff: true, residentId: null, participations: 3 })).toBe('staff');
	});

	it('refuses a resident who never took part in a workshop', () => {
		expect(residentRefusal({ ...resident, participations: 0 })).toBe('not-participant');
	});

	it('accepts new supports only while the proposal is in play', () => {
		for (const stage of [
			'proposed',
			'shortlisted',
			'prototyping',
			'evaluating',
			'adopted'
		] as const)
			expect(supportRefusal(resident, stage)).toBeNull();
		expect(supportRefusal(resident, 'archived')).toBe('final-stage');
		expect(supportRefusal(resident, 'merged')).toBe('final-stage');
	});

	it('says who is asking before it says the proposal is closed', () => {
		expect(supportRefusal({ staff: true, residentId: null, participations: 0 }, 'archived')).toBe(
			'staff'
		);
	});
});

describe('comments', () => {
	it('keeps a comment as typed, trimmed, with its line breaks', () => {
		expect(checkComment('  Bello!\r\nMa la sera?  ')).toEqual({
			ok: true,
			value: 'Bello!\nMa la sera?'
		});
	});

	it('keeps markup as plain text: it is shown as text, never interpreted', () => {
		expect(checkComment('<script>alert(1)</script>')).toEqual({
			ok: true,
			value: '<script>alert(1)</script>'
		});
	});

	it('refuses an empty comment and one over the limit', () => {
		expect(checkComment('   ')).toEqual({ ok: false, problem: 'required' });
		expect(checkComment(42)).toEqual({ ok: false, problem: 'required' });
		expect(checkComment('a'.repeat(COMMENT_MAX))).toMatchObject({ ok: true });
		expect(checkComment('a'.repeat(COMMENT_MAX + 1))).toEqual({ ok: false, problem: 'too-long' });
	});

	it('refuses text-reordering and invisible characters', () => {
		expect(checkComment('ciao\u202Eoaic')).toEqual({ ok: false, problem: 'forbidden-characters' });
		expect(checkComment('ciao\u0000')).toEqual({ ok: false, problem: 'forbidden-characters' });
	});

	it('needs a reason to hide a comment', () => {
		expect(checkHideReason('')).toEqual({ ok: false, problem: 'required' });
		expect(checkHideReason(' Dati personali ')).toEqual({ ok: true, value: 'Dati personali' });
	});
});

describe('contact email', () => {
	it('normalises a plausible address', () => {
		expect(checkContactEmail('  Giulia@Example.ORG ')).toEqual({
			ok: true,
			value: 'giulia@example.org'
		});
	});

	it('refuses what cannot be an address', () => {
		for (const bad of ['', 'giulia', 'a@b', 'a b@example.org', 'x@example.org\r\nBcc: y@z.org', 7])
			expect(checkContactEmail(bad)).toEqual({ ok: false, problem: 'invalid' });
	});
});

describe('retries of notification emails', () => {
	it('waits longer after each failure, up to a ceiling', () => {
		expect(retryDelaySeconds(1)).toBe(RETRY_FIRST_SECONDS);
		expect(retryDelaySeconds(2)).toBe(RETRY_FIRST_SECONDS * 2);
		expect(retryDelaySeconds(3)).toBe(RETRY_FIRST_SECONDS * 4);
		expect(retryDelaySeconds(50)).toBe(RETRY_MAX_SECONDS);
		expect(retryDelaySeconds(1000)).toBe(RETRY_MAX_SECONDS);
	});
});

describe('my ideas', () => {
	it('lists each proposal once with every reason, latest change first', () => {
		const ideas = gatherIdeas([
			{ proposalId: 'a', reason: 'follow', stageChangedAt: '2026-11-01T10:00:00.000Z' },
			{ proposalId: 'b', reason: 'vote', stageChangedAt: '2026-11-20T10:00:00.000Z' },
			{ proposalId: 'a', reason: 'note', stageChangedAt: '2026-11-01T10:00:00.000Z' },
			{ proposalId: 'a', reason: 'vote', stageChangedAt: '2026-11-01T10:00:00.000Z' },
			{ proposalId: 'b', reason: 'vote', stageChangedAt: '2026-11-20T10:00:00.000Z' }
		]);
		expect(ideas).toEqual([
			{ proposalId: 'b', reasons: ['vote'], stageChangedAt: '2026-11-20T10:00:00.000Z' },
			{
				proposalId: 'a',
				reasons: ['note', 'vote', 'follow'],
				stageChangedAt: '2026-11-01T10:00:00.000Z'
			}
		]);
	});

	it('has nothing to show for a resident with no ideas', () => {
		expect(gatherIdeas([])).toEqual([]);
	});
});
