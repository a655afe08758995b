import { describe, expect, it } from 'vitest';
import { liveDocumentAccess } from './access';
import type { LiveAccessFacts } from './access';

const base: LiveAccessFacts = {
	kind: 'board',
	exists: true,
	actor: null,
	participant: false,
	facilitatorIds: ['f-1'],
	workshopClosed: false
};
const facilitator = { id: 'f-1', role: 'facilitator' as const };
const otherFacilitator = { id: 'f-2', role: 'facilitator' as const };
const manager = { id: 'm-1', role: 'manager' as const };

describe('liveDocumentAccess', () => {
	it('lets the workshop’s staff write boards and proposals, and only read control', () => {
		for (const actor of [facilitator, manager]) {
			expect(liveDocumentAccess({ ...base, actor })).toEqual({ ok: true, mode: 'write' });
			expect(liveDocumentAccess({ ...base, actor, kind: 'proposal' })).toEqual({
				ok: true,
				mode: 'write'
			});
			expect(liveDocumentAccess({ ...base, actor, kind: 'control' })).toEqual({
				ok: true,
				mode: 'read'
			});
		}
	});

	it('lets participants write their own notes on boards and read the rest', () => {
		expect(liveDocumentAccess({ ...base, participant: true })).toEqual({
			ok: true,
			mode: 'own-notes'
		});
		expect(liveDocumentAccess({ ...base, participant: true, kind: 'control' })).toEqual({
			ok: true,
			mode: 'read'
		});
		expect(liveDocumentAccess({ ...base, participant: true, kind: 'proposal' })).toEqual({
			ok: true,
			mode: 'read'
		});
	});

	it('refuses participants once the workshop is closed, and strangers always', () => {
		expect(liveDocumentAccess({ ...base, participant: true, workshopClosed: true })).toEqual({
			ok: false,
			refused: 'forbidden'
		});
		expect(liveDocumentAccess({ ...base, actor: otherFacilitator })).toEqual({
			ok: false,
			refused: 'forbidden'
		});
		expect(liveDocumentAccess(base)).toEqual({ ok: false, refused: 'forbidden' });
	});

	it('says when there is no such document', () => {
		expect(liveDocumentAccess({ ...base, exists: false, actor: manager })).toEqual({
			ok: false,
			refused: 'not-found'
		});
	});

	it('lets a resident write only their own inbox, and the workshop’s staff only read it', () => {
		const inbox = { ...base, kind: 'inbox' as const };
		expect(liveDocumentAccess({ ...inbox, participant: true, ownsInbox: true })).toEqual({
			ok: true,
			mode: 'own-notes'
		});
		expect(liveDocumentAccess({ ...inbox, participant: true, ownsInbox: false })).toEqual({
			ok: false,
			refused: 'forbidden'
		});
		expect(
			liveDocumentAccess({ ...inbox, participant: true, ownsInbox: true, workshopClosed: true })
		).toEqual({ ok: false, refused: 'forbidden' });
		for (const actor of [facilitator, manager]) {
			expect(liveDocumentAccess({ ...inbox, actor })).toEqual({ ok: true, mode: 'read' });
		}
		expect(liveDocumentAccess({ ...inbox, actor: otherFacilitator })).toEqual({
			ok: false,
			refused: 'forbidden'
		});
	});

	it('shows a board’s held notes to the workshop’s staff only, read-only', () => {
		const held = { ...base, kind: 'held' as const };
		expect(liveDocumentAccess({ ...held, actor: facilitator })).toEqual({ ok: true, mode: 'read' });
		for (const facts of [
			{ ...held, participant: true },
			{ ...held, participant: true, ownsInbox: true },
			{ ...held, actor: otherFacilitator },
			held
		]) {
			expect(liveDocumentAccess(facts)).toEqual({ ok: false, refused: 'forbidden' });
		}
		expect(liveDocumentAccess({ ...held, exists: false, actor: facilitator })).toEqual({
			ok: false,
			refused: 'not-found'
		});
	});
});
