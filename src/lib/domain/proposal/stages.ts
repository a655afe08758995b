import { isUuid } from '../ids';
import { checkLine, checkParagraphs } from '../text';

/**
 * A proposal's stages and the evidence each move needs (DESIGN.md §2). Routes and services only
 * call `decide`: it is the one place that says which move is allowed and what it must carry, so
 * the staff form, the API and the kanban of the managers' review can never disagree.
 *
 * proposed → shortlisted → prototyping → evaluating → adopted; evaluating → prototyping (another
 * round); any stage still in play → archived (with a public reason) or merged into another
 * proposal. Archived and merged are final: a proposal brought back would carry a history that no
 * longer tells the truth, so it is proposed again as a new one.
 */
export const STAGES = [
	'proposed',
	'shortlisted',
	'prototyping',
	'evaluating',
	'adopted',
	'archived',
	'merged'
] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(value: unknown): value is Stage {
	return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** The moves along the way; archived and merged are reachable from every stage not final. */
const FORWARD: Record<Stage, readonly Stage[]> = {
	proposed: ['shortlisted'],
	shortlisted: ['prototyping'],
	prototyping: ['evaluating'],
	evaluating: ['adopted', 'prototyping'],
	adopted: [],
	archived: [],
	merged: []
};

export function isFinal(stage: Stage): boolean {
	return stage === 'archived' || stage === 'merged';
}

/** Every stage `from` may move to, in the order a form offers them. */
export function nextStages(from: Stage): Stage[] {
	if (isFinal(from)) return [];
	return [...FORWARD[from], 'archived', 'merged'];
}

export function canMove(from: Stage, to: Stage): boolean {
	return nextStages(from).includes(to);
}

export const NOTE_MAX = 2000;
export const SHORT_MAX = 200;
export const LONG_MAX = 4000;
export const MEASURES_MAX = 10;

/** What a pilot must say before it starts: where, when, what it tests and how it will be judged. */
export interface PrototypePlan {
	/** The branch that runs the pilot. */
	pilotBranchId: string;
	/** First and last day, `YYYY-MM-DD` (the pilot's own calendar days, not instants). */
	startsOn: string;
	endsOn: string;
	/** What the pilot expects to show. */
	hypothesis: string;
	/** What will be measured and the threshold that counts as success, one line each. */
	measures: { what: string; threshold: string }[];
}

export type Decision = 'adopt' | 'iterate' | 'stop';

/** What a pilot showed, measured against its plan, and what was decided and why. */
export interface Evaluation {
	/** One per measure of the plan, in its order. */
	results: { what: string; threshold: string; observed: string; met: boolean }[];
	/** What residents said about the pilot. */
	feedback: string;
	/** adopt → adopted, iterate → prototyping, stop → archived. */
	decision: Decision;
	/** Why, in words residents can read. */
	why: string;
}

/** What a caller asks for (the body of `POST /api/proposals/<id>/transitions`, still unchecked). */
export interface TransitionRequest {
	to: unknown;
	note?: unknown;
	plan?: unknown;
	evaluation?: unknown;
	intoId?: unknown;
}

/** What the service knows when it asks: the proposal now, and the merge target if one is named. */
export interface TransitionContext {
	id: string;
	stage: Stage;
	/** The plan of the current round, needed to check an evaluation against its measures. */
	plan: PrototypePlan | null;
	/** The merge target's stage, or null when `intoId` names no proposal. */
	intoStage?: Stage | null;
	/** Today, `YYYY-MM-DD` in the library's time zone: a plan may not end before it. */
	today: string;
}

/** A move the stage rules forbid (409). */
export type Forbidden = 'unknown-stage' | 'same-stage' | 'final-stage' | 'skips-stage';

/** Evidence missing or wrong (422): the move is allowed, what it carries is not enough. */
export type EvidenceProblem =
	| 'note-too-long'
	| 'note-characters'
	| 'reason-required'
	| 'plan-required'
	| 'plan-branch'
	| 'plan-dates'
	| 'plan-ends-in-past'
	| 'plan-hypothesis'
	| 'plan-measures'
	| 'evaluation-required'
	| 'evaluation-results'
	| 'evaluation-feedback'
	| 'evaluation-why'
	| 'evaluation-decision'
	| 'merge-target-required'
	| 'merge-into-itself'
	| 'merge-target-missing'
	| 'merge-target-final';

export type Decided =
	| {
			ok: true;
			from: Stage;
			to: Stage;
			note: string;
			plan: PrototypePlan | null;
			evaluation: Evaluation | null;
			intoId: string | null;
	  }
	| { ok: false; status: 409; code: Forbidden }
	| { ok: false; status: 422; code: EvidenceProblem };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isDay(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const match = DAY.exec(value);
	if (!match) return false;
	const [, year, month, day] = match.map(Number) as [number, number, number, number];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.toISOString().slice(0, 10) === value;
}

function record(value: unknown): Record<string, unknown> | null {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: null;
}

function line(value: unknown, max = SHORT_MAX): string | null {
	const checked = checkLine(value, { max, required: true });
	return checked.ok ? checked.value : null;
}

function paragraphs(value: unknown, max = LONG_MAX): string | null {
	const checked = checkParagraphs(value, { max, required: true });
	return checked.ok ? checked.value : null;
}

type Checked<T> = { ok: true; value: T } | { ok: false; code: EvidenceProblem };

export function checkPlan(input: unknown, today: string): Checked<PrototypePlan> {
	const plan = record(input);
	if (!plan) return { ok: false, code: 'plan-required' };
	if (!isUuid(plan.pilotBranchId)) return { ok: false, code: 'plan-branch' };
	if (!isDay(plan.startsOn) || !isDay(plan.endsOn) || plan.endsOn < plan.startsOn)
		return { ok: false, code: 'plan-dates' };
	if (plan.endsOn < today) return { ok: false, code: 'plan-ends-in-past' };
	const hypothesis = paragraphs(plan.hypothesis);
	if (!hypothesis) return { ok: false, code: 'plan-hypothesis' };
	if (
		!Array.isArray(plan.measures) ||
		plan.measures.length === 0 ||
		plan.measures.length > MEASURES_MAX
	)
		return { ok: false, code: 'plan-measures' };
	const measures: PrototypePlan['measures'] = [];
	for (const raw of plan.measures) {
		const measure = record(raw);
		const what = measure && line(measure.what);
		const threshold = measure && line(measure.threshold);
		if (!what || !threshold) return { ok: false, code: 'plan-measures' };
		measures.push({ what, threshold });
	}
	return {
		ok: true,
		value: {
			pilotBranchId: plan.pilotBranchId.toLowerCase(),
			startsOn: plan.startsOn,
			endsOn: plan.endsOn,
			hypothesis,
			measures
		}
	};
}

const DECISION_OF: Partial<Record<Stage, Decision>> = {
	adopted: 'adopt',
	prototyping: 'iterate',
	archived: 'stop'
};

/**
 * An evaluation of the current round: one observed value per measure of its plan (the measure and
 * threshold are copied from the plan, so that a later plan cannot rewrite what this one judged),
 * residents' feedback, and a decision that matches where the proposal goes.
 */
export function checkEvaluation(
	input: unknown,
	plan: PrototypePlan | null,
	to: Stage
): Checked<Evaluation> {
	const evaluation = record(input);
	if (!evaluation) return { ok: false, code: 'evaluation-required' };
	const measures = plan?.measures ?? [];
	const raw = evaluation.results;
	if (!Array.isArray(raw) || raw.length !== measures.length || measures.length === 0)
		return { ok: false, code: 'evaluation-results' };
	const results: Evaluation['results'] = [];
	for (const [i, measure] of measures.entries()) {
		const result = record(raw[i]);
		const observed = result && line(result.observed);
		if (!result || !observed || typeof result.met !== 'boolean')
			return { ok: false, code: 'evaluation-results' };
		results.push({ ...measure, observed, met: result.met });
	}
	const feedback = paragraphs(evaluation.feedback);
	if (!feedback) return { ok: false, code: 'evaluation-feedback' };
	const why = paragraphs(evaluation.why);
	if (!why) return { ok: false, code: 'evaluation-why' };
	const decision = DECISION_OF[to];
	if (!decision || evaluation.decision !== decision)
		return { ok: false, code: 'evaluation-decision' };
	return { ok: true, value: { results, feedback, decision, why } };
}

/**
 * Whether a proposal may move as asked, and the checked evidence it carries. Order of refusals:
 * first what the stage rules forbid (409), then what the move lacks (422), so a caller who skips a
 * stage learns that before being asked for a plan.
 */
export function decide(request: TransitionRequest, context: TransitionContext): Decided {
	const from = context.stage;
	const to = request.to;
	if (!isStage(to)) return { ok: false, status: 409, code: 'unknown-stage' };
	if (to === from) return { ok: false, status: 409, code: 'same-stage' };
	if (isFinal(from)) return { ok: false, status: 409, code: 'final-stage' };
	if (!canMove(from, to)) return { ok: false, status: 409, code: 'skips-stage' };

	const checkedNote = checkParagraphs(request.note ?? '', { max: NOTE_MAX, required: false });
	if (!checkedNote.ok)
		return {
			ok: false,
			status: 422,
			code: checkedNote.problem === 'too-long' ? 'note-too-long' : 'note-characters'
		};
	const note = checkedNote.value;
	const missing = (code: EvidenceProblem) => ({ ok: false as const, status: 422 as const, code });

	let plan: PrototypePlan | null = null;
	let evaluation: Evaluation | null = null;
	let intoId: string | null = null;

	// Leaving evaluating for adopted, another round or the archive is a decision on evidence.
	if (from === 'evaluating' && to !== 'merged') {
		const checked = checkEvaluation(request.evaluation, context.plan, to);
		if (!checked.ok) return missing(checked.code);
		evaluation = checked.value;
	}
	if (to === 'prototyping') {
		const checked = checkPlan(request.plan, context.today);
		if (!checked.ok) return missing(checked.code);
		plan = checked.value;
	}
	// Residents read why their idea stopped; an evaluation's "why" says it when there is one.
	if (to === 'archived' && !note && !evaluation) return missing('reason-required');
	if (to === 'merged') {
		if (!isUuid(request.intoId)) return missing('merge-target-required');
		intoId = request.intoId.toLowerCase();
		if (intoId === context.id.toLowerCase()) return missing('merge-into-itself');
		if (context.intoStage === null || context.intoStage === undefined)
			return missing('merge-target-missing');
		if (isFinal(context.intoStage)) return missing('merge-target-final');
	}
	return { ok: true, from, to, note, plan, evaluation, intoId };
}
