import { describe, expect, it } from 'vitest';
import { parseDocName } from './doc-name';

const ID = '0b7c2a4e-5d1f-4c3a-9e8b-1a2b3c4d5e6f';

describe('parseDocName', () => {
	it('reads the three kinds of live document', () => {
		expect(parseDocName(`board:${ID}`)).toEqual({ kind: 'board', id: ID, name: `board:${ID}` });
		expect(parseDocName(`control:${ID}`)?.kind).toBe('control');
		expect(parseDocName(`proposal:${ID}`)?.kind).toBe('proposal');
		expect(parseDocName(`board%3A${ID}`)?.name).toBe(`board:${ID}`);
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
