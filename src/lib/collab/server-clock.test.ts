import { describe, expect, it } from 'vitest';
import { offsetOf } from './server-clock';

describe('offsetOf', () => {
	it('is zero when the clocks agree and the trip is symmetric', () => {
		expect(offsetOf({ sentAt: 1000, serverNow: 1050, receivedAt: 1100 })).toBe(0);
	});
	it('is positive when the device is behind the server', () => {
		expect(offsetOf({ sentAt: 1000, serverNow: 61_050, receivedAt: 1100 })).toBe(60_000);
	});
	it('is negative when the device is ahead', () => {
		expect(offsetOf({ sentAt: 100_000, serverNow: 40_010, receivedAt: 100_020 })).toBe(-59_999 - 1);
	});
});
