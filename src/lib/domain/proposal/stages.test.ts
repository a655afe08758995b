import { describe, expect, it } from 'vitest';
import type { PrototypePlan, Stage, TransitionContext } from './stages';
import { STAGES, canMove, checkPlan, decide, isDay, nextStages } from './stages';

const ID = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const BRANCH = '00000000-0000-4000-8000-0000000000b1';
const TODAY = '2026-11-28';

const plan: PrototypePlan = {
	pilotBranchId: BRANCH,
	startsOn: '2026-12-01',
	endsOn: '2027-02-28',
	hypothesis: 'Un armadietto fuori orario fa ritirare più prestiti a chi lavora.',
	measures: [
		{ what: 'Prestiti ritirati dopo le 19', threshold: 'almeno 40 al mese' },
		{ what: 'Soddisfazione', threshold: '4 su 5' }
	]
};

const evaluation = (decision: string) => ({
	results: [
		{ observed: '52 al mese', met: true },
		{ observed: '4,3', met: true }
	],
	feedback: 'Chi lo ha usato lo trova comodo; manca un cartello.',
	decision,
	why: 'Ha superato le soglie in tre mesi.'
});

function context(stage: Stage, extra: Partial<TransitionContext> = {}): TransitionContext {
	return { id: ID, stage, plan: stage === 'evaluating' ? plan : null, today: TODAY, ...extra };
}

/** Evidence that satisfies every rule for the move, so each test isolates the rule under test. */
function enough(from: Stage, to: Stage) {
	return {
		to,
		note: to === 'archived' ? 'Già coperto dal servizio di quartiere.' : '',
		plan: to === 'prototyping' ? plan : undefined,
		evaluation:
			from === 'evaluating' && to !== 'merged'
				? evaluation(to === 'adopted' ? 'adopt' : to === 'prototyping' ? 'iterate' : 'stop')
				: undefined,
		intoId: to === 'merged' ? OTHER : undefined
	};
}

const ALLOWED: [Stage, Stage][] = [
	['proposed', 'shortlisted'],
	['shortlisted', 'prototyping'],
	['prototyping', 'evaluating'],
	['evaluating', 'adopted'],
	['evaluating', 'prototyping'],
	...(['proposed', 'shortlisted', 'prototyping', 'evaluating', 'adopted'] as const).flatMap(
		(from): [Stage, Stage][] => [
			[from, 'archived'],
			[from, 'merged']
		]
	)
];

describe('proposal stages', () => {
	it('allows exactly the moves of DESIGN.md §2, with their evidence', () => {
		for (const from of STAGES) {
			for (const to of STAGES) {
				const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
				expect(canMove(from, to), `${from} → ${to}`).toBe(allowed);
				const decided = decide(enough(from, to), context(from, { intoStage: 'proposed' }));
				if (allowed) expect(decided, `${from} → ${to}`).toMatchObject({ ok: true, from, to });
				else expect(decided, `${from} → ${to}`).toMatchObject({ ok: false, status: 409 });
			}
		}
	});

	it('names why a move is forbidden: a skipped stage, the same stage, a final stage, no stage', () => {
		expect(decide({ to: 'prototyping', plan }, context('proposed'))).toEqual({
			ok: false,
			status: 409,
			code: 'skips-stage'
		});
		expect(decide({ to: 'adopted' }, context('shortlisted'))).toMatchObject({
			code: 'skips-stage'
		});
		expect(decide({ to: 'proposed' }, context('proposed'))).toMatchObject({ code: 'same-stage' });
		expect(decide({ to: 'proposed' }, context('archived'))).toMatchObject({
			code: 'final-stage'
		});
		expect(decide({ to: 'shortlisted' }, context('merged'))).toMatchObject({
			code: 'final-stage'
		});
		expect(decide({ to: 'done' }, context('proposed'))).toMatchObject({
			status: 409,
			code: 'unknown-stage'
		});
		expect(decide({ to: undefined }, context('proposed'))).toMatchObject({
			code: 'unknown-stage'
		});
	});

	it('offers the next stages in the order a form shows them', () => {
		expect(nextStages('proposed')).toEqual(['shortlisted', 'archived', 'merged']);
		expect(nextStages('evaluating')).toEqual(['adopted', 'prototyping', 'archived', 'merged']);
		expect(nextStages('adopted')).toEqual(['archived', 'merged']);
		expect(nextStages('merged')).toEqual([]);
	});

	it('refuses prototyping without a complete plan (422), whatever part is missing', () => {
		const ctx = context('shortlisted');
		const without = (patch: object) =>
			decide({ to: 'prototyping', plan: { ...plan, ...patch } }, ctx);
		expect(decide({ to: 'prototyping' }, ctx)).toEqual({
			ok: false,
			status: 422,
			code: 'plan-required'
		});
		expect(decide({ to: 'prototyping', plan: 'sì' }, ctx)).toMatchObject({ code: 'plan-required' });
		expect(without({ pilotBranchId: 'dergano' })).toMatchObject({ code: 'plan-branch' });
		expect(without({ startsOn: '2026-02-30' })).toMatchObject({ code: 'plan-dates' });
		expect(without({ endsOn: '2026-11-30' })).toMatchObject({ code: 'plan-dates' });
		expect(without({ startsOn: '2026-01-01', endsOn: '2026-03-01' })).toMatchObject({
			code: 'plan-ends-in-past'
		});
		expect(without({ hypothesis: '   ' })).toMatchObject({ code: 'plan-hypothesis' });
		expect(without({ measures: [] })).toMatchObject({ code: 'plan-measures' });
		expect(without({ measures: [{ what: 'Prestiti', threshold: '' }] })).toMatchObject({
			code: 'plan-measures'
		});
		expect(
			without({ measures: Array.from({ length: 11 }, () => ({ what: 'a', threshold: 'b' })) })
		).toMatchObject({ code: 'plan-measures' });
	});

	it('keeps a checked plan clean: trimmed lines, lower-case ids', () => {
		const checked = checkPlan(
			{
				...plan,
				pilotBranchId: BRANCH.toUpperCase(),
				measures: [{ what: '  Prestiti   serali ', threshold: ' 40 ' }]
			},
			TODAY
		);
		expect(checked).toEqual({
			ok: true,
			value: { ...plan, measures: [{ what: 'Prestiti serali', threshold: '40' }] }
		});
	});

	it('refuses leaving evaluating without an evaluation of every measure, feedback and a matching decision', () => {
		const ctx = context('evaluating');
		const good = evaluation('adopt');
		expect(decide({ to: 'adopted' }, ctx)).toMatchObject({
			status: 422,
			code: 'evaluation-required'
		});
		expect(
			decide({ to: 'adopted', evaluation: { ...good, results: good.results.slice(1) } }, ctx)
		).toMatchObject({ code: 'evaluation-results' });
		expect(
			decide(
				{
					to: 'adopted',
					evaluation: { ...good, results: [{ observed: '52', met: 'sì' }, good.results[1]] }
				},
				ctx
			)
		).toMatchObject({ code: 'evaluation-results' });
		expect(decide({ to: 'adopted', evaluation: { ...good, feedback: '' } }, ctx)).toMatchObject({
			code: 'evaluation-feedback'
		});
		expect(decide({ to: 'adopted', evaluation: { ...good, why: ' ' } }, ctx)).toMatchObject({
			code: 'evaluation-why'
		});
		expect(decide({ to: 'adopted', evaluation: evaluation('stop') }, ctx)).toMatchObject({
			code: 'evaluation-decision'
		});
		// Another round needs its evaluation and a new plan.
		expect(decide({ to: 'prototyping', evaluation: evaluation('iterate') }, ctx)).toMatchObject({
			code: 'plan-required'
		});
		// Without a plan on record there is nothing to judge against.
		expect(decide({ to: 'adopted', evaluation: good }, { ...ctx, plan: null })).toMatchObject({
			code: 'evaluation-results'
		});
	});

	it('copies what was measured from the plan into the evaluation', () => {
		const decided = decide(
			{ to: 'adopted', evaluation: evaluation('adopt') },
			context('evaluating')
		);
		expect(decided.ok && decided.evaluation?.results).toEqual([
			{
				what: 'Prestiti ritirati dopo le 19',
				threshold: 'almeno 40 al mese',
				observed: '52 al mese',
				met: true
			},
			{ what: 'Soddisfazione', threshold: '4 su 5', observed: '4,3', met: true }
		]);
	});

	it('archives only with a public reason, which an evaluation’s “why” can give', () => {
		expect(decide({ to: 'archived' }, context('proposed'))).toMatchObject({
			status: 422,
			code: 'reason-required'
		});
		expect(decide({ to: 'archived', note: '  ' }, context('proposed'))).toMatchObject({
			code: 'reason-required'
		});
		expect(
			decide({ to: 'archived', evaluation: evaluation('stop') }, context('evaluating'))
		).toMatchObject({ ok: true, to: 'archived' });
	});

	it('merges only into another proposal still in play', () => {
		const ctx = context('shortlisted', { intoStage: 'prototyping' });
		expect(decide({ to: 'merged' }, ctx)).toMatchObject({
			status: 422,
			code: 'merge-target-required'
		});
		expect(decide({ to: 'merged', intoId: ID.toUpperCase() }, ctx)).toMatchObject({
			code: 'merge-into-itself'
		});
		expect(decide({ to: 'merged', intoId: OTHER }, { ...ctx, intoStage: null })).toMatchObject({
			code: 'merge-target-missing'
		});
		for (const intoStage of ['merged', 'archived'] as const)
			expect(decide({ to: 'merged', intoId: OTHER }, { ...ctx, intoStage })).toMatchObject({
				code: 'merge-target-final'
			});
		expect(decide({ to: 'merged', intoId: OTHER }, ctx)).toMatchObject({
			ok: true,
			intoId: OTHER
		});
	});

	it('refuses a note that is too long or carries invisible characters', () => {
		expect(
			decide({ to: 'shortlisted', note: 'x'.repeat(2001) }, context('proposed'))
		).toMatchObject({
			status: 422,
			code: 'note-too-long'
		});
		expect(decide({ to: 'shortlisted', note: 'ok\u202e' }, context('proposed'))).toMatchObject({
			code: 'note-characters'
		});
	});

	it('reads calendar days strictly', () => {
		expect(isDay('2028-02-29')).toBe(true);
		expect(isDay('2027-02-29')).toBe(false);
		expect(isDay('2027-2-1')).toBe(false);
		expect(isDay(20270201)).toBe(false);
	});
});
