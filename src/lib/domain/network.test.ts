import { describe, expect, it } from 'vitest';
import { networkOf } from './network';

describe('networkOf', () => {
	it('groups IPv4 addresses by /24', () => {
		expect(networkOf('192.168.10.42')).toBe('192.168.10.0/24');
		expect(networkOf('192.168.10.7')).toBe(networkOf('192.168.10.200'));
		expect(networkOf('192.168.11.7')).not.toBe(networkOf('192.168.10.7'));
	});

	it('treats IPv4-mapped IPv6 as IPv4', () => {
		expect(networkOf('::ffff:10.0.0.5')).toBe('10.0.0.0/24');
	});

	it('groups IPv6 addresses by /64, whatever their spelling', () => {
		expect(networkOf('2001:db8:0:1::42')).toBe('2001:db8:0:1::/64');
		expect(networkOf('2001:0db8:0000:0001:ffff::1')).toBe('2001:db8:0:1::/64');
		expect(networkOf('::1')).toBe('0:0:0:0::/64');
	});

	it('keeps unparseable input as its own key', () => {
		expect(networkOf('not-an-ip')).toBe('not-an-ip');
		expect(networkOf('1:2:3:4:5:6:7:8:9')).toBe('1:2:3:4:5:6:7:8:9');
	});
});
