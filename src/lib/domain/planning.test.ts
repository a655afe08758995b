import { describe, expect, it } from 'vitest';
import { checkProcessInput, checkWorkshopInput } from './planning';

const BRANCH = '0b7f8c1e-4a0e-4c57-9d43-2f1a5e6b7c8d';
const OTHER_BRANCH = '1c8e9d2f-5b1f-4d68-8e54-3a2b6f7c8d9e';
const PROCESS = '2d9fae30-6c20-4e79-9f65-4b3c7a8d9eaf';
const USER = '3eafbf41-7d31-4f8a-a076-5c4d8b9eafb0';

describe('checkProcessInput', () => {
	it('accepts a title, a challenge and at least one branch, dropping repeated branches', () => {
		expect(
			checkProcessInput({
				title: ' La biblioteca che vorrei — Dergano ',
				challenge: 'Come può…?',
				branchIds: [BRANCH, BRANCH.toUpperCase(), OTHER_BRANCH]
			})
		).toEqual({
			ok: true,
			value: {
				title: 'La biblioteca che vorrei — Dergano',
				challenge: 'Come può…?',
				branchIds: [BRANCH, OTHER_BRANCH]
			}
		});
	});

	it('takes a single chosen branch as a list of one', () => {
		expect(checkProcessInput({ title: 'T', challenge: '', branchIds: BRANCH })).toMatchObject({
			ok: true,
			value: { branchIds: [BRANCH] }
		});
	});

	it('names every field that is wrong at once', () => {
		expect(checkProcessInput({ title: '', challenge: 'x'.repeat(2001), branchIds: [] })).toEqual({
			ok: false,
			errors: { title: 'required', challenge: 'too-long', branchIds: 'required' }
		});
		expect(
			checkProcessInput({ title: 'x'.repeat(121), challenge: '', branchIds: ['dergano'] })
		).toEqual({
			ok: false,
			errors: { title: 'too-long', branchIds: 'invalid' }
		});
	});
});

describe('checkWorkshopInput', () => {
	const good = {
		processId: PROCESS,
		title: 'Serata di quartiere',
		startsAt: '2026-07-15T18:30',
		placeKind: 'branch',
		branchId: BRANCH,
		placeText: 'half-typed, ignored',
		facilitatorIds: [USER],
		welcomeText: 'Benvenuti!'
	};

	it('accepts a workshop at a branch, reading the time on Milan’s clocks', () => {
		const checked = checkWorkshopInput(good, 'Europe/Rome');
		expect(checked).toEqual({
			ok: true,
			value: {
				processId: PROCESS,
				title: 'Serata di quartiere',
				startsAt: new Date('2026-07-15T16:30:00Z'),
				branchId: BRANCH,
				placeText: null,
				facilitatorIds: [USER],
				welcomeText: 'Benvenuti!'
			}
		});
	});

	it('accepts a workshop held elsewhere, with no date yet', () => {
		expect(
			checkWorkshopInput(
				{ ...good, placeKind: 'other', placeText: 'Mercato di via Crespi', startsAt: '' },
				'Europe/Rome'
			)
		).toMatchObject({
			ok: true,
			value: { branchId: null, placeText: 'Mercato di via Crespi', startsAt: null }
		});
	});

	it('needs a place: the chosen branch, or the text when held elsewhere', () => {
		expect(checkWorkshopInput({ ...good, placeKind: undefined }, 'UTC')).toMatchObject({
			ok: false,
			errors: { place: 'required' }
		});
		expect(checkWorkshopInput({ ...good, branchId: '' }, 'UTC')).toMatchObject({
			ok: false,
			errors: { branchId: 'required' }
		});
		expect(
			checkWorkshopInput({ ...good, placeKind: 'other', placeText: '  ' }, 'UTC')
		).toMatchObject({ ok: false, errors: { placeText: 'required' } });
	});

	it('refuses a missing title, an impossible date, no facilitator and a long welcome', () => {
		expect(
			checkWorkshopInput(
				{
					...good,
					processId: 'nope',
					title: '',
					startsAt: '2026-02-30T10:00',
					facilitatorIds: [],
					welcomeText: 'x'.repeat(1001)
				},
				'UTC'
			)
		).toEqual({
			ok: false,
			errors: {
				processId: 'required',
				title: 'required',
				startsAt: 'invalid',
				facilitatorIds: 'required',
				welcomeText: 'too-long'
			}
		});
	});
});
