import { describe, expect, it } from 'vitest';
import {
	activityKinds,
	boardKinds,
	boardPhases,
	votingStates
} from '../../server/db/schema/workshops';
import {
	ACTIVITY_KINDS,
	BOARD_KINDS,
	BOARD_PHASES,
	REFERRING_KINDS,
	VOTING_STATES,
	createsBoard,
	isActivityKind
} from './kinds';

describe('workshop kinds', () => {
	it('agree with the values the database accepts', () => {
		expect(ACTIVITY_KINDS).toEqual(activityKinds);
		expect(BOARD_KINDS).toEqual(boardKinds);
		expect(BOARD_PHASES).toEqual(boardPhases);
		expect(VOTING_STATES).toEqual(votingStates);
	});

	it('split every activity kind into one that creates a board or one that refers to one', () => {
		for (const kind of ACTIVITY_KINDS) {
			expect(createsBoard(kind)).toBe(!(REFERRING_KINDS as readonly string[]).includes(kind));
		}
		expect(createsBoard('clustering')).toBe(false);
		expect(createsBoard('idea-wall')).toBe(true);
	});

	it('recognise the five activity kinds and nothing else', () => {
		expect(ACTIVITY_KINDS.every(isActivityKind)).toBe(true);
		for (const bad of ['Canvas', 'vote', '', null, 3]) expect(isActivityKind(bad)).toBe(false);
	});
});
