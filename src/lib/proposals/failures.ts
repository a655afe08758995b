import { SOURCE_NOTES_MAX } from '$lib/domain/proposal/provenance';
import { MEASURES_MAX, NOTE_MAX } from '$lib/domain/proposal/stages';
import type { Stage } from '$lib/domain/proposal/stages';
import { m } from '$lib/paraglide/messages';

/**
 * What a refused proposal request means for the person, in the request's language: the API's
 * snake_case code and a sentence; for field problems, a short message per field.
 */
export function stageName(stage: Stage): string {
	return {
		proposed: m.proposal_stage_proposed,
		shortlisted: m.proposal_stage_shortlisted,
		prototyping: m.proposal_stage_prototyping,
		evaluating: m.proposal_stage_evaluating,
		adopted: m.proposal_stage_adopted,
		archived: m.proposal_stage_archived,
		merged: m.proposal_stage_merged
	}[stage]();
}

const MESSAGES: Record<string, (context: { from?: Stage; to?: Stage }) => string> = {
	forbidden: () => m.proposal_error_forbidden(),
	'not-found': () => m.proposal_error_not_found(),
	'board-not-found': () => m.proposal_error_board_not_found(),
	'invalid-source': () => m.proposal_error_invalid_source(),
	'source-required': () => m.proposal_error_source_required(),
	'note-not-found': () => m.proposal_error_note_not_found(),
	'note-hidden': () => m.proposal_error_note_hidden(),
	'cluster-not-found': () => m.proposal_error_cluster_not_found(),
	'cluster-empty': () => m.proposal_error_cluster_empty(),
	'too-many-notes': () => m.proposal_error_too_many_notes({ max: SOURCE_NOTES_MAX }),
	'branch-unknown': () => m.proposal_error_branch_unknown(),
	'branch-retired': () => m.proposal_error_branch_retired(),
	'service-unknown': () => m.proposal_error_service_unknown(),
	'service-retired': () => m.proposal_error_service_retired(),
	invalid: () => m.proposal_error_invalid(),
	'unknown-stage': () => m.proposal_error_unknown_stage(),
	'same-stage': () => m.proposal_error_same_stage(),
	'final-stage': () => m.proposal_error_final_stage(),
	'skips-stage': ({ from, to }) =>
		m.proposal_error_skips_stage({
			from: from ? stageName(from) : '',
			to: to ? stageName(to) : ''
		}),
	'note-too-long': () => m.proposal_error_note_too_long({ max: NOTE_MAX }),
	'note-characters': () => m.proposal_error_note_characters(),
	'reason-required': () => m.proposal_error_reason_required(),
	'plan-required': () => m.proposal_error_plan_required(),
	'plan-branch': () => m.proposal_error_plan_branch(),
	'plan-dates': () => m.proposal_error_plan_dates(),
	'plan-ends-in-past': () => m.proposal_error_plan_ends_in_past(),
	'plan-hypothesis': () => m.proposal_error_plan_hypothesis(),
	'plan-measures': () => m.proposal_error_plan_measures({ max: MEASURES_MAX }),
	'evaluation-required': () => m.proposal_error_evaluation_required(),
	'evaluation-results': () => m.proposal_error_evaluation_results(),
	'evaluation-feedback': () => m.proposal_error_evaluation_feedback(),
	'evaluation-why': () => m.proposal_error_evaluation_why(),
	'evaluation-decision': () => m.proposal_error_evaluation_decision(),
	'merge-target-required': () => m.proposal_error_merge_target_required(),
	'merge-into-itself': () => m.proposal_error_merge_into_itself(),
	'merge-target-missing': () => m.proposal_error_merge_target_missing(),
	'merge-target-final': () => m.proposal_error_merge_target_final(),
	'needs-branch-and-service': () => m.proposal_error_needs_branch_and_service()
};

export function proposalError(
	code: string,
	context: { from?: Stage; to?: Stage } = {}
): { error: string; message: string } {
	const message = (MESSAGES[code] ?? MESSAGES.invalid!)(context);
	return { error: code.replaceAll('-', '_'), message };
}

const FIELD_MESSAGES: Record<string, () => string> = {
	required: () => m.proposal_field_required(),
	'too-long': () => m.proposal_field_too_long(),
	'forbidden-characters': () => m.proposal_field_forbidden_characters(),
	'too-many': () => m.proposal_field_too_many(),
	invalid: () => m.proposal_field_invalid(),
	unknown: () => m.proposal_field_unknown(),
	retired: () => m.proposal_field_retired(),
	needed: () => m.proposal_field_needed()
};

/** Field problem codes worded for the person, keyed by field. */
export function fieldMessages(errors: Record<string, string | undefined>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(errors).flatMap(([field, code]) =>
			code ? [[field, (FIELD_MESSAGES[code] ?? FIELD_MESSAGES.invalid!)()]] : []
		)
	);
}
