import { describe, expect, it } from 'vitest';
import { checkDetails, readyToAdvance } from './details';

const BRANCH = '00000000-0000-4000-8000-0000000000B1';

describe('proposal details', () => {
	it('checks a promotion’s title and problem, and cleans lists', () => {
		expect(
			checkDetails(
				{
					title: '  Armadietti   smart a Niguarda ',
					problem: 'Chi lavora non riesce a ritirare i prestiti.\r\n',
					targetGroups: ['Pendolari', 'pendolari ', 'Studenti', ''],
					tags: [],
					branchIds: [BRANCH, BRANCH.toLowerCase()],
					serviceSlugs: ['smart-locker']
				},
				['title', 'problem']
			)
		).toEqual({
			ok: true,
			value: {
				title: 'Armadietti smart a Niguarda',
				problem: 'Chi lavora non riesce a ritirare i prestiti.',
				targetGroups: ['Pendolari', 'Studenti'],
				tags: [],
				branchIds: [BRANCH.toLowerCase()],
				serviceSlugs: ['smart-locker']
			}
		});
	});

	it('names every wrong field at once', () => {
		expect(
			checkDetails(
				{
					title: '',
					problem: 'x'.repeat(2001),
					targetGroups: 'giovani',
					tags: Array.from({ length: 13 }, (_, i) => `t${i}`),
					branchIds: ['dergano'],
					serviceSlugs: ['<script>']
				},
				['title']
			)
		).toEqual({
			ok: false,
			errors: {
				title: 'required',
				problem: 'too-long',
				targetGroups: 'invalid',
				tags: 'too-many',
				branchIds: 'invalid',
				serviceSlugs: 'invalid'
			},
			value: {}
		});
		expect(checkDetails({ tags: ['a'] }, ['title'])).toEqual({
			ok: false,
			errors: { title: 'required' },
			value: { tags: ['a'] }
		});
		expect(checkDetails({ tags: ['ok\u202e'] })).toEqual({
			ok: false,
			errors: { tags: 'forbidden-characters' },
			value: {}
		});
	});

	it('checks only what an edit sends', () => {
		expect(checkDetails({ tags: ['orari'] })).toEqual({ ok: true, value: { tags: ['orari'] } });
	});

	it('lets a proposal advance only with a branch and a service', () => {
		expect(readyToAdvance({ branches: 1, services: 1 })).toBe(true);
		expect(readyToAdvance({ branches: 2, services: 0 })).toBe(false);
		expect(readyToAdvance({ branches: 0, services: 3 })).toBe(false);
	});
});
