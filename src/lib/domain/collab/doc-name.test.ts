import { describe, expect, it } from 'vitest';
import { inboxName, parseDocName } from './doc-name';

const ID = '0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6f';
const OTHER = '7d3e9f10-2b4c-4a6d-8e0f-123456789abc';

describe('parseDocName', () => {
	it('reads the three kinds of live document', () => {
		expect(parseDocName(`board:${ID}`)).toEqual({
			kind: 'board',
			id: ID,
			participantId: null,
			name: `board:${ID}`
		});
		expect(parseDocName(`control:${ID}`)?.kind).toBe('control');
		expect(parseDocName(`proposal:${ID}`)?.kind).toBe('proposal');
		expect(parseDocName(`board%3A${ID}`)?.name).toBe(`board:${ID}`);
		expect(parseDocName(`board:${ID}`)?.participantId).toBeNull();
	});

	it('reads a board’s held notes and a participant’s inbox on a board', () => {
		expect(parseDocName(`held:${ID}`)).toEqual({
			kind: 'held',
			id: ID,
			participantId: null,
			name: `held:${ID}`
		});
		expect(parseDocName(`inbox:${ID}:${OTHER}`)).toEqual({
			kind: 'inbox',
			id: ID,
			participantId: OTHER,
			name: `inbox:${ID}:${OTHER}`
		});
		expect(parseDocName(`inbox%3A${ID}%3a${OTHER}`)?.name).toBe(`inbox:${ID}:${OTHER}`);
		expect(inboxName(ID, OTHER)).toBe(`inbox:${ID}:${OTHER}`);
	});

	it('refuses an inbox that does not name exactly a board and a participant', () => {
		for (const raw of [
			`inbox:${ID}`,
			`inbox:${ID}:`,
			`inbox:${ID}:${OTHER}:${ID}`,
			`inbox:${ID}:${OTHER.toUpperCase()}`,
			`inbox:${ID}:../${OTHER}`,
			`inbox:${ID}:${OTHER}\u0000`,
			`held:${ID}:${OTHER}`,
			`board:${ID}:${OTHER}`,
			`inbox:${ID}%2f${OTHER}`
		]) {
			expect(parseDocName(raw), raw).toBeNull();
		}
	});

	it('refuses anything else before it can reach a query', () => {
		for (const raw of [
			'',
			`../board:${ID}`,
			`board:${ID}/..`,
			'%2e%2e%2fetc%2fpasswd',
			`board:${ID}\u0000`,
			`board:\u202e${ID}`,
			`board:${ID.toUpperCase()}`,
			`notes:${ID}`,
			`board:${ID.slice(0, -1)}`,
			'board:' + 'a'.repeat(10_000),
			`board:${ID}?x=1`
		]) {
			expect(parseDocName(raw), JSON.stringify(raw.slice(0, 40))).toBeNull();
		}
	});
});
