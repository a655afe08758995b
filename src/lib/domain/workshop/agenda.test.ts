import { describe, expect, it } from 'vitest';
import {
	AGENDA_MAX,
	add,
	check,
	instantiate,
	move,
	problemStatus,
	remove,
	retitle,
	voteTargetOf
} from './agenda';
import type { Activity, AgendaResult } from './agenda';
import * as templates from './templates';

const wall: Activity = {
	id: 'a-wall',
	kind: 'idea-wall',
	title: 'Muro delle idee',
	boardId: 'b-wall'
};
const clustering: Activity = {
	id: 'a-cluster',
	kind: 'clustering',
	title: 'Raggruppiamo',
	boardId: 'b-wall'
};
const vote: Activity = { id: 'a-vote', kind: 'dot-voting', title: 'Voto', boardId: 'b-wall' };
const canvas: Activity = { id: 'a-canvas', kind: 'canvas', title: 'Canvas', boardId: 'b-canvas' };

const agenda: readonly Activity[] = Object.freeze([wall, clustering, vote]);
const draft = { live: false, currentActivityId: null };

function ids(result: AgendaResult): string[] {
	if (!result.ok) throw new Error(`refused: ${result.problem}`);
	return result.agenda.map((a) => a.id);
}

describe('adding an activity', () => {
	it('appends it at the end unless told where', () => {
		expect(ids(add(agenda, canvas))).toEqual(['a-wall', 'a-cluster', 'a-vote', 'a-canvas']);
		expect(ids(add(agenda, canvas, 0))).toEqual(['a-canvas', 'a-wall', 'a-cluster', 'a-vote']);
	});

	it('lets a vote work on the board of an earlier idea wall', () => {
		const second = { ...vote, id: 'a-vote-2' };
		expect(ids(add(agenda, second))).toContain('a-vote-2');
	});

	it('refuses a clustering or vote whose board no earlier activity created', () => {
		expect(add(agenda, { ...vote, id: 'x', boardId: 'b-nowhere' })).toEqual({
			ok: false,
			problem: 'needs-earlier-board'
		});
		expect(add(agenda, { ...clustering, id: 'x' }, 0)).toEqual({
			ok: false,
			problem: 'needs-earlier-board'
		});
	});

	it('refuses a new idea wall, map or canvas that reuses another activity’s board', () => {
		expect(add(agenda, { ...canvas, boardId: 'b-wall' })).toEqual({
			ok: false,
			problem: 'board-in-use'
		});
	});

	it('refuses a duplicate id, a bad title, a position outside the agenda, and a 31st activity', () => {
		expect(add(agenda, { ...canvas, id: 'a-wall' })).toEqual({
			ok: false,
			problem: 'duplicate-activity'
		});
		expect(add(agenda, { ...canvas, title: '   ' })).toEqual({
			ok: false,
			problem: 'title-required'
		});
		expect(add(agenda, { ...canvas, title: 'x'.repeat(121) })).toEqual({
			ok: false,
			problem: 'title-too-long'
		});
		expect(add(agenda, { ...canvas, title: 'Muro\u202Eosrev' })).toEqual({
			ok: false,
			problem: 'title-characters'
		});
		for (const at of [-1, 4, 1.5, Number.NaN]) {
			expect(add(agenda, canvas, at)).toEqual({ ok: false, problem: 'position' });
		}
		const full = Array.from({ length: AGENDA_MAX }, (_, i) => ({
			...canvas,
			id: `c${i}`,
			boardId: `b${i}`
		}));
		expect(check(full)).toBeNull();
		expect(add(full, canvas)).toEqual({ ok: false, problem: 'too-many-activities' });
	});

	it('stores the title cleaned, and leaves the agenda it was given unchanged', () => {
		const result = add(agenda, { ...canvas, title: '  La   biblioteca ' });
		expect(result.ok && result.agenda[3]!.title).toBe('La biblioteca');
		expect(agenda.map((a) => a.id)).toEqual(['a-wall', 'a-cluster', 'a-vote']);
	});
});

describe('removing an activity', () => {
	it('removes a clustering or a vote, keeping the board for the others', () => {
		expect(ids(remove(agenda, 'a-cluster', draft))).toEqual(['a-wall', 'a-vote']);
	});

	it('refuses to remove an activity whose board a later activity works on', () => {
		expect(remove(agenda, 'a-wall', draft)).toEqual({ ok: false, problem: 'board-referenced' });
	});

	it('removes the idea wall once nothing refers to its board', () => {
		expect(ids(remove([wall, canvas], 'a-wall', draft))).toEqual(['a-canvas']);
	});

	it('refuses to remove the current activity while the workshop is live, but not before', () => {
		const live = { live: true, currentActivityId: 'a-vote' };
		expect(remove(agenda, 'a-vote', live)).toEqual({ ok: false, problem: 'current-activity' });
		expect(ids(remove(agenda, 'a-cluster', live))).toEqual(['a-wall', 'a-vote']);
		expect(ids(remove(agenda, 'a-vote', { live: false, currentActivityId: 'a-vote' }))).toEqual([
			'a-wall',
			'a-cluster'
		]);
	});

	it('says when the activity is not in the agenda', () => {
		expect(remove(agenda, 'a-gone', draft)).toEqual({ ok: false, problem: 'activity-not-found' });
	});
});

describe('moving an activity', () => {
	it('moves it to the given position', () => {
		expect(ids(move(agenda, 'a-vote', 1))).toEqual(['a-wall', 'a-vote', 'a-cluster']);
		expect(ids(move([wall, canvas], 'a-canvas', 0))).toEqual(['a-canvas', 'a-wall']);
	});

	it('refuses to put a clustering or vote before the board it works on, or the board after it', () => {
		expect(move(agenda, 'a-vote', 0)).toEqual({ ok: false, problem: 'needs-earlier-board' });
		expect(move(agenda, 'a-wall', 2)).toEqual({ ok: false, problem: 'needs-earlier-board' });
	});

	it('refuses a position outside the agenda and an unknown activity', () => {
		expect(move(agenda, 'a-vote', 3)).toEqual({ ok: false, problem: 'position' });
		expect(move(agenda, 'a-vote', -1)).toEqual({ ok: false, problem: 'position' });
		expect(move(agenda, 'a-gone', 0)).toEqual({ ok: false, problem: 'activity-not-found' });
	});
});

describe('retitling an activity', () => {
	it('changes only that activity’s title, cleaned', () => {
		const result = retitle(agenda, 'a-vote', ' Scegliamo ');
		expect(result.ok && result.agenda.map((a) => a.title)).toEqual([
			'Muro delle idee',
			'Raggruppiamo',
			'Scegliamo'
		]);
	});

	it('refuses an empty or non-text title, and an unknown activity', () => {
		expect(retitle(agenda, 'a-vote', '')).toEqual({ ok: false, problem: 'title-required' });
		expect(retitle(agenda, 'a-vote', 42)).toEqual({ ok: false, problem: 'title-required' });
		expect(retitle(agenda, 'a-gone', 'Ok')).toEqual({ ok: false, problem: 'activity-not-found' });
	});
});

describe('what the dots on a board go on', () => {
	const second: Activity = { ...vote, id: 'a-vote-2', voteOn: 'clusters' };
	const both = [...agenda, second];

	it('is notes when no dot vote says otherwise (or the board has none)', () => {
		expect(voteTargetOf(agenda, 'b-wall', null)).toBe('notes');
		expect(voteTargetOf(both, 'b-canvas', null)).toBe('notes');
	});

	it('follows the dot vote everyone is on, else the board’s last one', () => {
		expect(voteTargetOf(both, 'b-wall', 'a-vote')).toBe('notes');
		expect(voteTargetOf(both, 'b-wall', 'a-vote-2')).toBe('clusters');
		expect(voteTargetOf(both, 'b-wall', 'a-cluster')).toBe('clusters');
	});
});

describe('agenda problems', () => {
	it('answer 400 for a bad title and 409 for what the agenda does not allow now', () => {
		expect(problemStatus('title-too-long')).toBe(400);
		expect(problemStatus('board-referenced')).toBe(409);
		expect(problemStatus('current-activity')).toBe(409);
	});
});

describe('creating an agenda from a template', () => {
	it('creates one board per board activity and points clustering and voting at the idea wall', () => {
		let n = 0;
		const { activities, boards } = instantiate(
			templates.get('design-thinking').activities,
			() => `id${n++}`
		);
		expect(boards.map((b) => b.spec.kind)).toEqual(['empathy-map', 'idea-wall']);
		const wallBoard = boards[1]!.id;
		expect(activities.map((a) => a.boardId)).toEqual([
			boards[0]!.id,
			wallBoard,
			wallBoard,
			wallBoard
		]);
		expect(new Set(activities.map((a) => a.id)).size).toBe(4);
	});

	it('makes a valid agenda from every template in both languages', () => {
		for (const id of templates.TEMPLATE_IDS) {
			for (const locale of ['it', 'en'] as const) {
				const { activities } = instantiate(
					templates.get(id, locale).activities,
					crypto.randomUUID.bind(crypto)
				);
				expect(check(activities)).toBeNull();
			}
		}
	});

	it('throws on a template that refers forward, since templates are code', () => {
		expect(() =>
			instantiate([{ kind: 'dot-voting', title: 'Voto', boardOf: 1 }], () => 'x')
		).toThrow(/later activity/);
	});
});
