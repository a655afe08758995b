/**
 * The network an address belongs to, for rate limits that must also catch an attacker rotating
 * addresses: /24 for IPv4 (and IPv4-mapped IPv6), /64 for IPv6. Unparseable input is its own network.
 */
export function networkOf(address: string): string {
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
	const v4 = mapped ? mapped[1]! : address;
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) {
		return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
	}
	if (address.includes(':')) {
		const expanded = expandIPv6(address.split('%')[0]!);
		if (expanded) return `${expanded.slice(0, 4).join(':')}::/64`;
	}
	return address;
}

function expandIPv6(address: string): string[] | null {
	const halves = address.toLowerCase().split('::');
	if (halves.length > 2) return null;
	const head = halves[0] ? halves[0].split(':') : [];
	const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
	const missing = 8 - head.length - tail.length;
	if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
	const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
	if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
	return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
