import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branches, processes, services, users } from '../../src/lib/server/db/schema/index';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

// Every staff and admin page and form action that takes an id from its URL answers a malformed id
// with 404, never 500: the services check ids themselves, so no route can forget to.

type Ids = Record<'workshop' | 'process' | 'user' | 'branch' | 'service', string>;

describe.each(databaseKinds)('malformed ids in staff and admin URLs on %s', (kind) => {
	let site: Site<{ ids: Ids; admin: string }>;
	let admin: Client;

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => {
				const [process] = await db.select({ id: processes.id }).from(processes).limit(1);
				const [user] = await db
					.select({ id: users.id })
					.from(users)
					.where(eq(users.email, 'facilitatore@example.org'));
				const [branch] = await db
					.select({ id: branches.id })
					.from(branches)
					.where(eq(branches.slug, 'dergano'));
				const [service] = await db.select({ id: services.id }).from(services).limit(1);
				return {
					ids: {
						workshop: await demoWorkshopId(db),
						process: process!.id,
						user: user!.id,
						branch: branch!.id,
						service: service!.id
					},
					admin: await staffToken(db, 'admin@example.org')
				};
			}
		});
		// An admin passes every access check, so each request reaches the service behind the page.
		admin = new Client(site.url);
		admin.cookies.set('piazza_session', site.prepared.admin);
	});
	afterAll(() => site?.stop());

	/** Each malformed form of an id: nonsense, SQL, and a real id followed by a newline. */
	const malformed = (real: string) => ['nope', "'; drop table users; --", `${real}\n`];

	/** Pages, and form actions with fields that would otherwise be accepted, by the id they take. */
	const pages: [keyof Ids, string[], [string, [string, string][]][]][] = [
		[
			'workshop',
			['/staff/workshops/:id', '/staff/workshops/:id/edit', '/screen/:id'],
			[
				[
					'/staff/workshops/:id?/status',
					[
						['to', 'closed'],
						['confirm', 'yes']
					]
				],
				[
					'/staff/workshops/:id/edit',
					[
						['title', 'Titolo'],
						['placeKind', 'other'],
						['placeText', 'Cortile']
					]
				]
			]
		],
		[
			'process',
			['/staff/processes/:id/edit'],
			[['/staff/processes/:id/edit', [['title', 'Titolo']]]]
		],
		[
			'user',
			['/staff/admin/users/:id'],
			[
				['/staff/admin/users/:id?/role', [['role', 'manager']]],
				['/staff/admin/users/:id?/disable', []],
				['/staff/admin/users/:id?/enable', []]
			]
		],
		[
			'branch',
			['/staff/admin/branches/:id'],
			[
				[
					'/staff/admin/branches/:id?/save',
					[
						['name', 'Biblioteca'],
						['kind', 'neighbourhood'],
						['municipio', '1']
					]
				],
				['/staff/admin/branches/:id?/retire', []],
				['/staff/admin/branches/:id?/restore', []],
				['/staff/admin/branches/:id?/delete', []]
			]
		],
		[
			'service',
			['/staff/admin/services/:id'],
			[
				[
					'/staff/admin/services/:id?/save',
					[
						['nameIt', 'Servizio'],
						['nameEn', 'Service']
					]
				],
				['/staff/admin/services/:id?/retire', []],
				['/staff/admin/services/:id?/restore', []]
			]
		]
	];

	it('answers 404 for every page and form action given a malformed id', async () => {
		const answers: string[] = [];
		for (const [kind, gets, posts] of pages) {
			for (const id of malformed(site.prepared.ids[kind])) {
				const at = (path: string) => path.replace(':id', encodeURIComponent(id));
				for (const path of gets) {
					const response = await admin.fetch(at(path));
					answers.push(`GET ${at(path)} → ${response.status}`);
				}
				for (const [path, fields] of posts) {
					const response = await admin.postForm(at(path), fields);
					answers.push(`POST ${at(path)} → ${response.status}`);
				}
			}
		}
		const routes = pages.reduce((n, [, gets, posts]) => n + gets.length + posts.length, 0);
		expect(answers.length).toBe(3 * routes);
		expect(answers.filter((a) => !a.endsWith('→ 404'))).toEqual([]);
	});

	it('still finds the records under their real ids, and changed nothing', async () => {
		const { ids } = site.prepared;
		for (const path of [
			`/staff/workshops/${ids.workshop}`,
			`/staff/processes/${ids.process}/edit`,
			`/staff/admin/users/${ids.user}`,
			`/staff/admin/branches/${ids.branch}`,
			`/staff/admin/services/${ids.service}`
		]) {
			expect((await admin.fetch(path)).status, path).toBe(200);
		}
		// Had a real id followed by a newline reached the database, these would have changed.
		const user = await (await admin.fetch(`/staff/admin/users/${ids.user}`)).text();
		expect(user).toContain('<span class="tag active">Attivo</span>');
		const branch = await (await admin.fetch(`/staff/admin/branches/${ids.branch}`)).text();
		expect(branch).toContain('Biblioteca Dergano');
		expect(branch).toContain('<span class="tag active">');
		const workshop = await (await admin.fetch(`/staff/workshops/${ids.workshop}`)).text();
		expect(workshop).toContain('In corso');
	});

	it('answers a malformed id in a form field with the form’s own error, not a 500', async () => {
		for (const id of malformed(site.prepared.ids.branch)) {
			const process = await admin.postForm('/staff/processes/new', [
				['title', 'Percorso'],
				['branchIds', id]
			]);
			expect(process.status, JSON.stringify(id)).toBe(400);
			const workshop = await admin.postForm('/staff/workshops/new', [
				['processId', id],
				['title', 'Laboratorio'],
				['placeKind', 'branch'],
				['branchId', id],
				['facilitatorIds', id]
			]);
			expect(workshop.status, JSON.stringify(id)).toBe(400);
		}
	});
});
