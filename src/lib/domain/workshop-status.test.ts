import { describe, expect, it } from 'vitest';
import {
	canChangeStatus,
	isWorkshopStatus,
	needsConfirmation,
	nextStatus
} from './workshop-status';

describe('workshop status', () => {
	it('moves forward one step at a time: draft, live, closed', () => {
		expect(nextStatus('draft')).toBe('live');
		expect(nextStatus('live')).toBe('closed');
		expect(nextStatus('closed')).toBeNull();
		expect(canChangeStatus('draft', 'live')).toBe(true);
		expect(canChangeStatus('live', 'closed')).toBe(true);
	});

	it('never skips a step, goes back, or reopens a closed workshop', () => {
		expect(canChangeStatus('draft', 'closed')).toBe(false);
		expect(canChangeStatus('live', 'draft')).toBe(false);
		expect(canChangeStatus('closed', 'live')).toBe(false);
		expect(canChangeStatus('live', 'live')).toBe(false);
	});

	it('asks for confirmation only before closing', () => {
		expect(needsConfirmation('closed')).toBe(true);
		expect(needsConfirmation('live')).toBe(false);
	});

	it('recognises the three statuses and nothing else', () => {
		expect(isWorkshopStatus('live')).toBe(true);
		expect(isWorkshopStatus('LIVE')).toBe(false);
		expect(isWorkshopStatus(undefined)).toBe(false);
	});
});
