import { describe, expect, it } from 'vitest';
import { authorLabel } from './labels';

describe('authorLabel', () => {
	it('reads an erased or expired nickname as a deleted participant, any other as it is', () => {
		expect(authorLabel('')).toBe('Partecipante cancellato');
		expect(authorLabel('Maria')).toBe('Maria');
	});
});
