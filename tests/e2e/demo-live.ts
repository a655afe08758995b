import { request } from '@playwright/test';
import { expect } from './fixtures';

/**
 * Brings everyone in the demo workshop to its first activity (the empathy map), as its facilitator
 * would from the run page. Phones follow the control document's current activity, and the demo
 * data leaves it unset: a spec that expects the board on a phone starts with this. Idempotent.
 */
export async function startDemoBoard(baseURL: string, workshopId: string) {
	const staff = await request.newContext({ baseURL });
	const signIn = await staff.post('/api/auth/sign-in', {
		data: { email: 'facilitatore@example.org', password: 'piazza-demo' }
	});
	expect(signIn.status()).toBe(200);
	const details = await staff.get(`/api/workshops/${workshopId}`);
	const { activities } = (await details.json()) as { activities: { id: string; kind: string }[] };
	const empathy = activities.find((a) => a.kind === 'empathy-map');
	if (!empathy) throw new Error('The demo workshop has no empathy map.');
	const goto = await staff.post(`/api/workshops/${workshopId}/actions`, {
		data: { type: 'goto', activityId: empathy.id }
	});
	expect(goto.status()).toBe(200);
	await staff.dispose();
}

/** The workshop id in a room's address (`/room/<workshopId>`). */
export function workshopIdOf(url: string): string {
	const id = /\/room\/([0-9a-f-]{36})/.exec(url)?.[1];
	if (!id) throw new Error(`Not a room address: ${url}`);
	return id;
}
