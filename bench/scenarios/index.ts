import type { Scenario } from '../lib/scenario';
import { coldLoad } from './cold-load';
import { fanOut } from './fan-out';
import { idleMemory } from './idle-memory';
import { presence } from './presence';

/** Every scenario of the issue, in the order the table shows them; `quick` shrinks them for a smoke run. */
export function scenarios(quick: boolean): Scenario[] {
	const q = (full: number, small: number) => (quick ? small : full);
	return [
		fanOut({
			name: 'fan-out-200',
			receivers: q(200, 40),
			writers: q(10, 4),
			rate: 10,
			seconds: q(10, 3),
			targets: { p99: '≤0.8×', lost: '0' }
		}),
		fanOut({
			name: 'fan-out-500',
			receivers: q(500, 80),
			writers: q(10, 4),
			rate: 10,
			seconds: q(10, 3),
			targets: { p99: '≤0.8×', lost: '0' }
		}),
		fanOut({
			name: 'fan-out-stress',
			receivers: q(500, 80),
			writers: q(50, 10),
			rate: 10,
			seconds: q(10, 3),
			targets: { p99: '≤1.0×', lost: '0', cpu: '≤0.8×' }
		}),
		coldLoad(q(2000, 300)),
		idleMemory(q(1000, 200), q(20, 4)),
		presence(q(300, 60))
	];
}
