import { PAPER_COUNT_MAX } from '$lib/domain/voting/budget';
import { m } from '$lib/paraglide/messages';
import type { VoteFailure } from '$lib/server/voting/votes';

/**
 * What a refused vote or paper count means for the person, in the request's language, and the
 * machine code of the JSON error body (`over_budget`, `voting_closed`, …: the rule's code in the
 * API's snake_case).
 */
export function voteError(failure: VoteFailure): { error: string; message: string } {
	return { error: failure.code.replaceAll('-', '_'), message: messageOf(failure.code) };
}

function messageOf(code: VoteFailure['code']): string {
	switch (code) {
		case 'invalid-vote':
			return m.vote_error_invalid();
		case 'invalid-count':
			return m.vote_error_invalid_count({ max: PAPER_COUNT_MAX });
		case 'board-not-found':
			return m.vote_error_board_not_found();
		case 'not-participant':
			return m.vote_error_not_participant();
		case 'not-this-workshop':
			return m.vote_error_not_this_workshop();
		case 'not-facilitator':
			return m.vote_error_not_facilitator();
		case 'facilitators-do-not-vote':
			return m.vote_error_facilitators_do_not_vote();
		case 'workshop-not-started':
			return m.vote_error_workshop_not_started();
		case 'workshop-closed':
			return m.vote_error_workshop_closed();
		case 'voting-closed':
			return m.vote_error_voting_closed();
		case 'voting-revealed':
			return m.vote_error_voting_revealed();
		case 'item-not-found':
			return m.vote_error_item_not_found();
		case 'item-hidden':
			return m.vote_error_item_hidden();
		case 'over-budget':
			return m.vote_error_over_budget();
		case 'item-cap':
			return m.vote_error_item_cap();
		case 'no-dot-to-remove':
			return m.vote_error_no_dot_to_remove();
		// Refusals of other actions (writing, seeing results): not given for a vote, worded anyway.
		case 'board-locked':
		case 'results-not-revealed':
		case 'private-mode':
			return m.vote_error_not_allowed();
	}
}
