import { describe, expect, it } from 'vitest';
import { isResident, presentPeople } from './presence';

const anna = { id: 'participant:a', name: 'Anna', role: 'participant' };
const bruno = { id: 'participant:b', name: 'Bruno', role: 'participant' };
const carla = { id: 'user:c', name: 'Carla', role: 'facilitator' };

describe('presentPeople', () => {
	it('counts a person with two screens once', () => {
		const people = presentPeople([
			{ present: true, user: anna },
			{ present: true, user: bruno },
			{ present: true, user: anna },
			{ present: true, user: carla }
		]);
		expect(people).toEqual([anna, bruno, carla]);
		expect(people.filter(isResident)).toHaveLength(2);
	});

	it('tells two people with the same nickname apart by their ids', () => {
		const other = { ...anna, id: 'participant:a2' };
		expect(presentPeople([{ user: anna }, { user: other }])).toEqual([anna, other]);
	});

	it('ignores states the server did not stamp', () => {
		expect(
			presentPeople([
				null,
				{ present: true },
				{ user: { name: 'Anna', role: 'participant' } },
				{ user: { id: 7, name: 'Anna', role: 'participant' } },
				{ user: { id: 'participant:a', role: 'participant' } }
			])
		).toEqual([]);
	});

	it('keeps only the fields the server stamps', () => {
		expect(presentPeople([{ user: { ...carla, color: '#000' }, cursor: { x: 1 } }])).toEqual([
			carla
		]);
	});
});

describe('isResident', () => {
	it('is true for participants and false for staff', () => {
		expect(isResident(anna)).toBe(true);
		expect(isResident(carla)).toBe(false);
	});
});
