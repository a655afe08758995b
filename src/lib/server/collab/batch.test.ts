import { describe, expect, it } from 'vitest';
import { Batcher } from './batch';

describe('Batcher', () => {
	it('reads what arrives together in one batch, and each key once', async () => {
		const reads: string[][] = [];
		const batcher = new Batcher<string, number, string>(async (requests) => {
			reads.push([...requests.keys()]);
			return new Map([...requests].map(([k, n]) => [k, `${k}${n}`]));
		});
		const values = await Promise.all([
			batcher.get('a', 1),
			batcher.get('b', 2),
			batcher.get('a', 1)
		]);
		expect(values).toEqual(['a1', 'b2', 'a1']);
		expect(reads).toEqual([['a', 'b']]);
	});

	it('gathers what arrives while a read runs into the next one', async () => {
		const reads: string[][] = [];
		let release = () => {};
		const batcher = new Batcher<string, null, string>(async (requests) => {
			reads.push([...requests.keys()]);
			if (reads.length === 1) await new Promise<void>((resolve) => (release = resolve));
			return new Map([...requests.keys()].map((k) => [k, k]));
		});
		const first = batcher.get('a', null);
		await new Promise((resolve) => setImmediate(resolve));
		const later = [batcher.get('b', null), batcher.get('c', null)];
		release();
		expect(await Promise.all([first, ...later])).toEqual(['a', 'b', 'c']);
		expect(reads).toEqual([['a'], ['b', 'c']]);
	});

	it('fails every caller of a failed read, and reads again for the next', async () => {
		let fail = true;
		const batcher = new Batcher<string, null, string>(async (requests) => {
			if (fail) throw new Error('database down');
			return new Map([...requests.keys()].map((k) => [k, k]));
		});
		await expect(batcher.get('a', null)).rejects.toThrow('database down');
		fail = false;
		await expect(batcher.get('a', null)).resolves.toBe('a');
	});
});
