/**
 * Wall-clock milliseconds with sub-millisecond resolution that agree across processes on one
 * machine: each process's timeOrigin is read from the same system clock.
 */
export function now(): number {
	return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
