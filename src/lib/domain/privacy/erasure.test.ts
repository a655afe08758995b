import { describe, expect, it } from 'vitest';
import type { Provenance } from '../proposal/provenance';
import {
	exportFileName,
	keysOf,
	provenanceUnnamed,
	provenanceWithout,
	retentionCutoff,
	withoutAuthorName
} from './erasure';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

function provenance(): Provenance {
	return {
		workshopId: 'w',
		workshopTitle: 'Dergano',
		boardId: 'b',
		prompt: '',
		cluster: null,
		notes: [
			{ id: `${A}:x`, text: 'Più sedie', authorName: 'Maria', authorId: A, fromPaper: false },
			{ id: `${B}:y`, text: 'Wi-Fi', authorName: 'Luca', authorId: B, fromPaper: false },
			{ id: 'paper:z', text: 'Dal foglio', authorName: 'Aiuto', authorId: null, fromPaper: true }
		],
		votes: 7,
		paperVotes: 2,
		participants: 12,
		promotedAt: '2026-01-01T00:00:00.000Z'
	};
}

describe('erasure', () => {
	it('finds the note keys of the participants being erased and of nobody else', () => {
		expect(keysOf([`${A}:a`, `${B}:b`, `${A}:c`, 'garbage', `:${A}`], new Set([A]))).toEqual([
			`${A}:a`,
			`${A}:c`
		]);
	});

	it('removes only the erased author’s notes from a provenance and keeps its figures', () => {
		const scrubbed = provenanceWithout(provenance(), new Set([A]))!;
		expect(scrubbed.notes.map((n) => n.text)).toEqual(['Wi-Fi', 'Dal foglio']);
		expect(JSON.stringify(scrubbed)).not.toContain('Più sedie');
		expect(JSON.stringify(scrubbed)).not.toContain('Maria');
		expect([scrubbed.votes, scrubbed.paperVotes, scrubbed.participants]).toEqual([7, 2, 12]);
	});

	it('says when a provenance holds nothing of the participant', () => {
		expect(provenanceWithout(provenance(), new Set(['someone-else']))).toBeNull();
		expect(provenanceUnnamed(provenance(), new Set(['someone-else']))).toBeNull();
	});

	it('removes nicknames but keeps the texts when the retention period runs out', () => {
		const unnamed = provenanceUnnamed(provenance(), new Set([A]))!;
		expect(unnamed.notes.map((n) => [n.text, n.authorName])).toEqual([
			['Più sedie', ''],
			['Wi-Fi', 'Luca'],
			['Dal foglio', 'Aiuto']
		]);
		expect(provenanceUnnamed(unnamed, new Set([A]))).toBeNull();
	});

	it('blanks a note record’s author name and leaves anything else alone', () => {
		expect(withoutAuthorName({ authorName: 'Maria', text: 'x' })).toEqual({
			authorName: '',
			text: 'x'
		});
		const already = { authorName: '', text: 'x' };
		expect(withoutAuthorName(already)).toBe(already);
		expect(withoutAuthorName('text')).toBe('text');
		expect(withoutAuthorName(null)).toBeNull();
	});

	it('puts the retention cutoff the configured number of days before now', () => {
		const now = new Date('2026-11-29T12:00:00Z');
		expect(retentionCutoff(now, 365).toISOString()).toBe('2025-11-29T12:00:00.000Z');
		expect(retentionCutoff(now, 1).toISOString()).toBe('2026-11-28T12:00:00.000Z');
	});

	it('names the download by date, never by nickname', () => {
		expect(exportFileName(new Date('2026-11-29T12:00:00Z'))).toBe(
			'piazza-i-miei-dati-2026-11-29.json'
		);
	});
});
