import { describe, expect, it } from 'vitest';
import { checkLine } from '../text';
import { createsBoard } from './kinds';
import { LOCALES, TEMPLATE_IDS, get, isLocale, isTemplateId, list } from './templates';
import type { AgendaTemplate } from './templates';

describe('agenda templates', () => {
	it('speak Italian unless English is asked for', () => {
		expect(get('design-thinking').name).toBe('Design thinking per le biblioteche');
		expect(get('design-thinking', 'en').name).toBe('Design Thinking for Libraries');
		expect(list().map((t) => t.id)).toEqual([...TEMPLATE_IDS]);
	});

	it('run design thinking as empathy map, idea wall, clustering, then dot vote', () => {
		const { activities } = get('design-thinking');
		expect(activities.map((a) => a.kind)).toEqual([
			'empathy-map',
			'idea-wall',
			'clustering',
			'dot-voting'
		]);
	});

	it('cluster and vote on the idea wall’s own notes, by pointing at that activity', () => {
		const [, , clustering, voting] = get('design-thinking').activities;
		expect(clustering).toMatchObject({ kind: 'clustering', boardOf: 1 });
		expect(voting).toMatchObject({ kind: 'dot-voting', boardOf: 1 });
	});

	it('give the empathy map a persona card and the six quadrants in order', () => {
		const [empathy] = get('design-thinking', 'en').activities;
		if (!empathy || !('board' in empathy)) throw new Error('the empathy map must create a board');
		expect(empathy.board.sections.map((s) => s.id)).toEqual([
			'says',
			'thinks',
			'does',
			'feels',
			'pains',
			'gains'
		]);
		expect(empathy.board.sections.map((s) => s.label)).toEqual([
			'Says',
			'Thinks',
			'Does',
			'Feels',
			'Pains',
			'Gains'
		]);
		expect(empathy.board.persona).toMatch(/^Who is it\?/);
	});

	it('lay out "La biblioteca che vorrei" as the CUBI canvas, then a vote on it', () => {
		const { activities } = get('biblioteca-che-vorrei');
		const [canvas, vote] = activities;
		expect(activities).toHaveLength(2);
		if (!canvas || !('board' in canvas)) throw new Error('the canvas must create a board');
		expect(canvas.board.kind).toBe('canvas');
		expect(canvas.board.sections.map((s) => s.id)).toEqual([
			'spaces',
			'services',
			'opening-hours',
			'activities',
			'people'
		]);
		expect(canvas.board.sections.at(-1)?.label).toBe('Chi vorrei incontrarci');
		expect(vote).toMatchObject({ kind: 'dot-voting', boardOf: 0 });
	});

	it('ask every question as "Come potremmo…?" in Italian and "How might we…?" in English', () => {
		for (const id of TEMPLATE_IDS) {
			for (const [locale, start] of [
				['it', 'Come potremmo '],
				['en', 'How might we ']
			] as const) {
				const prompts = get(id, locale).activities.flatMap((a) =>
					'board' in a && a.kind !== 'empathy-map' ? [a.board.prompt] : []
				);
				expect(prompts.length).toBeGreaterThan(0);
				for (const prompt of prompts) {
					expect(prompt.startsWith(start)).toBe(true);
					expect(prompt.endsWith('?')).toBe(true);
				}
			}
		}
	});

	it('only refer to an earlier activity that has its own board', () => {
		for (const id of TEMPLATE_IDS) {
			const { activities } = get(id);
			activities.forEach((activity, index) => {
				if (!('boardOf' in activity)) return;
				expect(activity.boardOf).toBeLessThan(index);
				expect(createsBoard(activities[activity.boardOf]!.kind)).toBe(true);
			});
		}
	});

	it('have the same shape in both languages, with every text translated and valid', () => {
		for (const id of TEMPLATE_IDS) {
			const [italian, english] = LOCALES.map((locale) => get(id, locale)) as [
				AgendaTemplate,
				AgendaTemplate
			];
			const shape = (t: AgendaTemplate) =>
				t.activities.map((a) =>
					'board' in a
						? {
								kind: a.kind,
								sections: a.board.sections.map((s) => s.id),
								persona: !!a.board.persona
							}
						: { kind: a.kind, boardOf: a.boardOf }
				);
			expect(shape(english)).toEqual(shape(italian));
			expect(english.name).not.toBe(italian.name);
			expect(english.description).not.toBe(italian.description);
			for (const t of [italian, english]) {
				for (const a of t.activities) {
					expect(checkLine(a.title, { max: 120, required: true })).toEqual({
						ok: true,
						value: a.title
					});
					if ('board' in a) {
						for (const s of a.board.sections) {
							expect(s.id).toMatch(/^[a-z0-9-]{1,40}$/);
							expect(s.label.trim()).not.toBe('');
						}
					}
				}
			}
		}
	});

	it('hand out a fresh copy, so editing one agenda never changes the template', () => {
		const first = get('design-thinking').activities[0]!;
		first.title = 'changed';
		if ('board' in first) first.board.sections.pop();
		const second = get('design-thinking').activities[0]!;
		expect(second.title).toBe('Mappa dell’empatia');
		if (!('board' in second)) throw new Error('expected a board');
		expect(second.board.sections).toHaveLength(6);
	});

	it('recognise only known template ids and locales', () => {
		expect(isTemplateId('design-thinking')).toBe(true);
		expect(isTemplateId('biblioteca-che-vorrei')).toBe(true);
		for (const bad of ['Design-Thinking', '', null, 1, 'toString']) {
			expect(isTemplateId(bad)).toBe(false);
			expect(isLocale(bad)).toBe(false);
		}
		expect(isLocale('it')).toBe(true);
		expect(isLocale('de')).toBe(false);
	});
});
