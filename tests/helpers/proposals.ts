import type { Provenance } from '../../src/lib/domain/proposal/provenance';

/**
 * The provenance of a proposal inserted straight into the database by a test that is about
 * something else (live text, limits): no notes, no dots. Real proposals get theirs from a board.
 */
export function bareProvenance(workshopId: string): Provenance {
	return {
		workshopId,
		workshopTitle: '',
		boardId: '00000000-0000-4000-8000-000000000000',
		prompt: '',
		cluster: null,
		notes: [],
		votes: 0,
		paperVotes: 0,
		participants: 0,
		promotedAt: new Date(0).toISOString()
	};
}
