import { describe, expect, it } from 'vitest';
import { parseDocName } from '../../domain/collab/doc-name';
import type { Grant } from './access';
import { Connection } from './connection';
import type { ConnectionHooks } from './connection';
import type { Journal } from './journal';
import { CLOSE } from './protocol';
import { Room } from './room';

const BOARD = parseDocName('board:00000000-0000-4000-8000-000000000001')!;
const GRANT: Grant = {
	mode: 'read',
	writer: 'participant:p',
	identity: { name: 'Ada', role: 'participant' },
	participantId: null,
	workshopId: '00000000-0000-4000-8000-000000000002'
};
const LIMITS = {
	maxMessageBytes: 1024 * 1024,
	messagesPerSecond: 300,
	awarenessPerSecond: 20,
	maxAwarenessBytes: 4096,
	maxDocumentBytes: 5 * 1024 * 1024,
	maxSendBufferBytes: 8 * 1024 * 1024
};

type Answer = Awaited<ReturnType<ConnectionHooks['recheck']>>;

/** A connection whose rechecks answer when the test says so. */
function connection() {
	const answers: ((answer: Answer) => void)[] = [];
	const closes: number[] = [];
	const hooks: ConnectionHooks = {
		recheckMs: 30_000,
		recheck: () => new Promise<Answer>((resolve) => answers.push(resolve)),
		onClose: () => {},
		count: () => {}
	};
	const room = new Room(BOARD, { append: () => 0 } as unknown as Journal);
	const socket = {
		send: () => {},
		close: (code: number) => void closes.push(code),
		bufferedAmount: () => 0
	};
	const conn = new Connection(
		socket,
		room,
		GRANT,
		{ sessionId: 's', user: null, residentId: 'r' },
		LIMITS,
		hooks
	);
	conn.start();
	return { conn, answers, closes };
}

describe('Connection rechecks', () => {
	it('schedules the next recheck about COLLAB_RECHECK_MS after one that found the session alive', async () => {
		const { conn, answers } = connection();
		const checking = conn.recheck();
		answers[0]!(GRANT);
		await checking;
		expect(conn.recheckDue).toBeGreaterThan(Date.now() + 20_000);
	});

	it('keeps a recheck asked for while another ran, so a session ended meanwhile closes at the next sweep', async () => {
		const { conn, answers, closes } = connection();
		const checking = conn.recheck();
		// The session ends while this read is under way (it read the session just before).
		conn.recheckDue = 0;
		answers[0]!(GRANT);
		await checking;
		expect(conn.recheckDue).toBe(0);
		const again = conn.recheck();
		answers[1]!(CLOSE.noSession);
		await again;
		expect(closes).toEqual([CLOSE.noSession]);
	});
});
