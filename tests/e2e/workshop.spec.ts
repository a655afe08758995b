import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createWorkshop, facilitatorLaptop, joinOnPhone } from './live-workshop';
import type { Phone } from './live-workshop';

/**
 * A whole workshop, as on a Tuesday evening in Dergano: a facilitator on a laptop (1280 × 800)
 * runs it from the live room, a projector (1280 × 720) shows it, and three residents take part
 * from their phones (360 × 740), one of them in English. Everything goes through the screens
 * people use; the totals revealed at the end are checked against what each phone stored.
 */
test.skip(({ isMobile }) => isMobile, 'one run drives all the devices itself');

const IT = {
	composer: /^La tua nota/,
	post: 'Aggiungi la nota',
	says: 'Dice',
	waiting: 'In attesa',
	locked: 'Bacheca chiusa',
	dot: (text: string) => `Metti un punto su «${text}»`,
	results: 'I risultati'
};
const EN = {
	composer: /^Your note/,
	post: 'Add the note',
	says: 'Says',
	waiting: 'Waiting',
	locked: 'Board closed',
	dot: (text: string) => `Add a dot to “${text}”`,
	results: 'The results'
};
type Words = typeof IT;

interface Resident extends Phone {
	name: string;
	words: Words;
}

async function write(resident: Resident, text: string) {
	const { page, words } = resident;
	await page.getByRole('textbox', { name: words.composer }).fill(text);
	await page.getByRole('button', { name: words.post }).click();
	await expect(page.getByRole('listitem').filter({ hasText: text })).toBeVisible();
}

test('a whole workshop: notes, private mode, idea wall, clusters, a 3-dot vote and its results', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const shot = async (page: Page, name: string) => {
		await page.screenshot({ path: `test-results/screens/workshop-${name}.png`, fullPage: true });
	};

	// The facilitator prepares the workshop and opens the live room; the projector joins it.
	const { context: laptop, page: room } = await facilitatorLaptop(browser, baseURL!);
	const workshop = await createWorkshop(room, 'Martedì a Dergano');
	const empathy = workshop.byKind('empathy-map');
	const ideas = workshop.byKind('idea-wall');
	const clustering = workshop.byKind('clustering');
	const voting = workshop.byKind('dot-voting');
	await room.getByRole('link', { name: 'Conduci il laboratorio' }).click();
	await expect(room).toHaveURL(`/staff/run/${workshop.id}`);
	const projector = await laptop.newPage();
	await projector.setViewportSize({ width: 1280, height: 720 });
	await projector.goto(`/screen/${workshop.id}`);
	await expect(projector.getByTestId('screen-code')).toHaveText(workshop.code);

	// Three residents join by code.
	const residents: Resident[] = [];
	for (const [name, locale, words] of [
		['Anna', 'it-IT', IT],
		['Ben', 'en-GB', EN],
		['Carla', 'it-IT', IT]
	] as const) {
		const phone = await joinOnPhone(browser, baseURL!, workshop.code, name, locale);
		residents.push({ ...phone, name, words });
	}
	const [anna, ben, carla] = residents as [Resident, Resident, Resident];
	await expect(room.getByTestId('people-count')).toHaveText('Collegati: 3');
	await shot(anna.page, 'joined-phone');

	// The empathy map: opened, and everyone is brought to it.
	await room.getByRole('button', { name: `Porta tutti su «${empathy.title}»` }).click();
	const board = room.getByTestId('board-controls');
	await board.getByRole('button', { name: 'Apri la lavagna' }).click();
	await expect(board.getByTestId('board-phase')).toHaveText('Aperta: i partecipanti scrivono');
	for (const resident of residents) {
		await resident.page.getByRole('tab', { name: new RegExp(resident.words.says) }).click();
	}
	await write(anna, 'Viene a studiare ma non trova posto');
	await write(ben, 'Says the wifi is too slow');
	// Each sees the others' notes live.
	await expect(carla.page.getByText('Viene a studiare ma non trova posto')).toBeVisible();
	await expect(carla.page.getByText('Says the wifi is too slow')).toBeVisible();
	await expect(ben.page.getByText('Viene a studiare ma non trova posto')).toBeVisible();
	await expect(projector.getByTestId('screen-wall')).toContainText('Says the wifi is too slow');
	await shot(carla.page, 'empathy-phone');
	await shot(ben.page, 'empathy-phone-en');
	await shot(projector, 'empathy-projector');

	// Private mode: Carla's note reaches only the facilitator until it is revealed.
	const privateMode = board.getByRole('switch', { name: 'Modalità privata' });
	await privateMode.click();
	await expect(privateMode).toBeChecked();
	await expect(
		carla.page.getByText('Le tue note le vede solo chi conduce, finché non le mostra a tutti.')
	).toBeVisible();
	await write(carla, 'Ha paura di disturbare gli altri');
	await expect(
		carla.page.getByRole('listitem').filter({ hasText: 'Ha paura di disturbare gli altri' })
	).toContainText(IT.waiting);
	await expect(room.getByText('1 nota in attesa: la vedete solo voi')).toBeVisible();
	await expect(anna.page.getByText('Says the wifi is too slow')).toBeVisible();
	await expect(anna.page.getByText('Ha paura di disturbare gli altri')).toHaveCount(0);
	await expect(projector.getByText('Ha paura di disturbare gli altri')).toHaveCount(0);
	await shot(carla.page, 'private-phone');
	await shot(room, 'private-room');
	await privateMode.click();
	await expect(privateMode).not.toBeChecked();
	await expect(anna.page.getByText('Ha paura di disturbare gli altri')).toBeVisible();
	await expect(ben.page.getByText('Ha paura di disturbare gli altri')).toBeVisible();
	await expect(projector.getByTestId('screen-wall')).toContainText(
		'Ha paura di disturbare gli altri'
	);
	await expect(
		carla.page.getByRole('listitem').filter({ hasText: 'Ha paura di disturbare gli altri' })
	).not.toContainText(IT.waiting);

	// The idea wall: everyone follows, writes, and the facilitator locks it.
	await room.getByRole('button', { name: `Porta tutti su «${ideas.title}»` }).click();
	await board.getByRole('button', { name: 'Apri la lavagna' }).click();
	await expect(board.getByTestId('board-phase')).toHaveText('Aperta: i partecipanti scrivono');
	const wall = {
		anna: ['Laboratori per bambini il sabato', 'Aprire la biblioteca la sera'],
		ben: ['A quiet room for studying'],
		carla: ['Laboratori di lettura per bambini', 'Biblioteca aperta la sera fino alle 22']
	};
	for (const text of wall.anna) await write(anna, text);
	for (const text of wall.ben) await write(ben, text);
	for (const text of wall.carla) await write(carla, text);
	await expect(anna.page.getByText('A quiet room for studying')).toBeVisible();
	await shot(anna.page, 'ideas-phone');
	await shot(projector, 'ideas-projector');
	await board.getByRole('button', { name: 'Blocca la lavagna' }).click();
	await expect(board.getByTestId('board-phase')).toHaveText('Bloccata: solo lettura');
	for (const resident of residents) {
		await expect(resident.page.getByText(resident.words.locked)).toBeVisible();
		await expect(resident.page.getByRole('textbox', { name: resident.words.composer })).toHaveCount(
			0
		);
	}
	await shot(ben.page, 'locked-phone-en');

	// Clustering on the canvas, from the server's suggestion.
	await room.getByRole('button', { name: `Porta tutti su «${clustering.title}»` }).click();
	await room
		.getByRole('toolbar', { name: 'Azioni sulla lavagna' })
		.getByRole('button', { name: 'Suggerisci gruppi' })
		.click();
	const suggestions = room.getByTestId('suggestion');
	await expect(suggestions.first()).toBeVisible();
	const names = await suggestions
		.getByRole('textbox')
		.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
	expect(names).toContain('Bambini, laboratori');
	const children = suggestions.nth(names.indexOf('Bambini, laboratori'));
	await children.getByRole('textbox').fill('Laboratori per i bambini');
	await children.getByRole('button', { name: 'Accetta' }).click();
	await expect(room.getByTestId('cluster-panel')).toContainText('Laboratori per i bambini');
	await shot(room, 'clusters-room');
	const group = anna.page
		.getByRole('listitem')
		.filter({ has: anna.page.getByRole('heading', { name: /Laboratori per i bambini/ }) });
	await expect(group).toContainText('Laboratori per bambini il sabato');
	await expect(group).toContainText('Laboratori di lettura per bambini');
	await shot(anna.page, 'clusters-phone');

	// A 3-dot vote on the idea wall's notes.
	await room.getByRole('button', { name: `Porta tutti su «${voting.title}»` }).click();
	const votingControls = room.getByTestId('voting-controls');
	await expect(votingControls.getByLabel('Punti a persona')).toHaveValue('3');
	await votingControls.getByRole('button', { name: 'Apri il voto' }).click();
	await expect(votingControls.getByTestId('voting-state')).toHaveText(
		'Voto aperto: 3 punti a persona'
	);
	await expect(projector.getByTestId('screen-vote')).toBeVisible();
	const tap = async (resident: Resident, text: string, left: RegExp) => {
		await resident.page.getByRole('button', { name: resident.words.dot(text) }).click();
		await expect(resident.page.getByTestId('vote-budget')).toHaveText(left);
	};
	const [saturday, evening] = [wall.anna[0]!, wall.anna[1]!];
	const [reading, late] = [wall.carla[0]!, wall.carla[1]!];
	await tap(anna, saturday, /Ti restano 2 punti su 3/);
	await tap(anna, saturday, /Ti resta 1 punto su 3/);
	await tap(anna, evening, /Ti restano 0 punti su 3/);
	await shot(anna.page, 'vote-phone');
	// A fourth dot is refused in words, and nothing changes.
	await anna.page.getByRole('button', { name: IT.dot(reading) }).click();
	await expect(anna.page.getByRole('alert')).toContainText('Hai già usato tutti i tuoi punti');
	await expect(anna.page.getByTestId('vote-budget')).toHaveText(/Ti restano 0 punti su 3/);
	await shot(anna.page, 'vote-refused-phone');
	await tap(ben, evening, /2 dots left of 3/);
	await tap(ben, reading, /1 dot left of 3/);
	await tap(carla, evening, /Ti restano 2 punti su 3/);
	await tap(carla, late, /Ti resta 1 punto su 3/);
	await shot(ben.page, 'vote-phone-en');
	await shot(projector, 'vote-projector');

	// What the database holds: each phone's stored dots, read back through the votes endpoint.
	const stored = new Map<string, number>();
	for (const resident of residents) {
		const response = await resident.page.request.get(`/api/boards/${voting.boardId}/votes`);
		expect(response.status()).toBe(200);
		const { votes } = (await response.json()) as { votes: Record<string, number> };
		for (const [item, count] of Object.entries(votes))
			stored.set(item, (stored.get(item) ?? 0) + count);
	}
	const totals = [...stored.values()].sort((a, b) => b - a);
	expect(totals).toEqual([3, 2, 1, 1]);

	// The reveal: the same totals on the phones, the projector and the facilitator's screen.
	await votingControls.getByRole('button', { name: 'Mostra i risultati…' }).click();
	await votingControls.getByRole('button', { name: 'Sì, mostra i risultati' }).click();
	await expect(votingControls.getByTestId('voting-state')).toHaveText('Risultati pubblicati');
	const expected = [
		{ text: evening, total: 3 },
		{ text: saturday, total: 2 }
	];
	const roomRows = room.getByTestId('results').getByTestId('result');
	const screenRows = projector.getByTestId('result');
	for (const [i, { text, total }] of expected.entries()) {
		await expect(roomRows.nth(i)).toContainText(text);
		await expect(roomRows.nth(i)).toContainText(`${total} punti`);
		await expect(screenRows.nth(i)).toContainText(text);
		await expect(screenRows.nth(i).getByTestId('result-count')).toHaveText(String(total));
		for (const resident of residents) {
			const rows = resident.page.locator('.result');
			await expect(rows.nth(i)).toContainText(text);
			await expect(rows.nth(i)).toContainText(
				resident.words === EN ? `${total} dots` : `${total} punti`
			);
		}
	}
	// Every bar on the projector is the database's total for its item.
	await expect(screenRows).toHaveCount(stored.size);
	for (let i = 0; i < stored.size; i++) {
		const item = (await screenRows.nth(i).getAttribute('data-item'))!;
		await expect(screenRows.nth(i).getByTestId('result-count')).toHaveText(
			String(stored.get(item))
		);
	}
	for (const resident of residents) {
		await expect(
			resident.page.getByRole('heading', { name: resident.words.results })
		).toBeVisible();
	}
	await shot(anna.page, 'results-phone');
	await shot(ben.page, 'results-phone-en');
	await shot(projector, 'results-projector');
	await shot(room, 'results-room');

	for (const context of [anna.context, ben.context, carla.context, laptop]) await context.close();
});
