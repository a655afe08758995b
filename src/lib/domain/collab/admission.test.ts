import { describe, expect, it } from 'vitest';
import { decide } from './admission';
import type { AdmissionFacts, DocumentFacts, SessionFacts } from './admission';
import { parseDocName } from './doc-name';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const BOARD_ID = '6f1c2a52-3c1e-4d8e-9d55-0a6f4c1b2e3d';
const WORKSHOP_ID = '0b7d4f0e-8a3c-4e21-9a6b-5c2d1e0f9a8b';
const PARTICIPANT_ID = '3a9e5c1d-2b4f-4a6e-8d0c-7f1e2d3c4b5a';
const board = parseDocName(`board:${BOARD_ID}`)!;
const control = parseDocName(`control:${WORKSHOP_ID}`)!;

const resident: SessionFacts = {
	id: 'session-resident',
	user: null,
	residentId: 'resident-1',
	expiresAt: NOW + 60_000
};
const facilitator: SessionFacts = {
	id: 'session-staff',
	user: { id: 'user-1', email: 'f@example.org', name: 'Francesca', role: 'facilitator' },
	residentId: null,
	expiresAt: NOW + 60_000
};
const openBoard: DocumentFacts = {
	workshopId: WORKSHOP_ID,
	status: 'live',
	phase: 'open',
	facilitates: false,
	participant: null
};
const asParticipant = { id: PARTICIPANT_ID, nickname: 'Maria' };

function facts(session: SessionFacts | null, document: DocumentFacts | null): AdmissionFacts {
	return { session, document };
}

describe('deciding a socket from its session and document facts', () => {
	it('refuses a socket without a session, whatever the document', () => {
		expect(decide(facts(null, openBoard), board, NOW)).toEqual({ visitor: null });
		expect(decide(facts(null, null), board, NOW)).toEqual({ visitor: null });
	});

	it('refuses a session that expired after its facts were read', () => {
		const expired = { ...resident, expiresAt: NOW };
		const document = { ...openBoard, participant: asParticipant };
		expect(decide(facts(expired, document), board, NOW)).toEqual({ visitor: null });
		expect(decide(facts(expired, document), board, NOW - 1).visitor?.sessionId).toBe(expired.id);
	});

	it('lets a participant write their own notes on an open board, as themselves', () => {
		const admission = decide(
			facts(resident, { ...openBoard, participant: asParticipant }),
			board,
			NOW
		);
		expect(admission).toEqual({
			visitor: { sessionId: resident.id, user: null, residentId: resident.residentId },
			decision: {
				ok: true,
				phase: 'open',
				grant: {
					mode: 'own-notes',
					writer: `participant:${PARTICIPANT_ID}`,
					identity: { name: 'Maria', role: 'participant' },
					participantId: PARTICIPANT_ID,
					workshopId: WORKSHOP_ID
				}
			}
		});
	});

	it('knows the visitor but refuses a document of a workshop they are not in', () => {
		const admission = decide(facts(resident, openBoard), board, NOW);
		expect(admission.visitor?.sessionId).toBe(resident.id);
		expect(admission.visitor && admission.decision).toEqual({ ok: false, refused: 'forbidden' });
	});

	it('answers "not found" for a document that does not exist', () => {
		const admission = decide(facts(facilitator, null), board, NOW);
		expect(admission.visitor && admission.decision).toEqual({ ok: false, refused: 'not-found' });
	});

	it('refuses the participants of a closed workshop', () => {
		const closed = { ...openBoard, status: 'closed', participant: asParticipant };
		const admission = decide(facts(resident, closed), board, NOW);
		expect(admission.visitor && admission.decision).toEqual({ ok: false, refused: 'forbidden' });
	});

	it("lets the workshop's facilitator write the board and only read its control document", () => {
		const runs = { ...openBoard, facilitates: true };
		const onBoard = decide(facts(facilitator, runs), board, NOW);
		const onControl = decide(facts(facilitator, { ...runs, phase: null }), control, NOW);
		expect(onBoard.visitor && onBoard.decision.ok && onBoard.decision.grant).toMatchObject({
			mode: 'write',
			writer: 'user:user-1',
			identity: { name: 'Francesca', role: 'facilitator' }
		});
		expect(onControl.visitor && onControl.decision.ok && onControl.decision.grant.mode).toBe(
			'read'
		);
	});

	it("refuses an inbox named with someone else's participant id", () => {
		const inbox = parseDocName(`inbox:${BOARD_ID}:${PARTICIPANT_ID}`);
		const other = parseDocName(`inbox:${BOARD_ID}:9c8b7a6d-5e4f-4321-8fed-cba987654321`);
		expect(inbox && other).toBeTruthy();
		const document = { ...openBoard, participant: asParticipant };
		const own = decide(facts(resident, document), inbox!, NOW);
		const theirs = decide(facts(resident, document), other!, NOW);
		expect(own.visitor && own.decision.ok && own.decision.grant.mode).toBe('own-notes');
		expect(theirs.visitor && theirs.decision).toEqual({ ok: false, refused: 'forbidden' });
	});
});
