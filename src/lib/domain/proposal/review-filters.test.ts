import { describe, expect, it } from 'vitest';
import {
	countActive,
	EMPTY_FILTERS,
	isFiltered,
	likePattern,
	parseFilters,
	toSearchParams
} from './review-filters';

const parse = (query: string) => parseFilters(new URLSearchParams(query));
const ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';

describe('parseFilters', () => {
	it('reads nothing as every proposal ranked by score', () => {
		expect(parse('')).toEqual({ ok: true, filters: EMPTY_FILTERS });
	});

	it('combines fields, with repeated or comma-separated alternatives within one', () => {
		const r = parse(
			`stage=proposed,shortlisted&stage=proposed&municipio=9&branch=niguarda&branch=${ID}` +
				`&service=biblioteche-di-condominio&process=${ID.toUpperCase()}&tag=orari&tag=giovani, studenti` +
				`&from=2026-01-01&to=2026-06-30&q=  armadietti   smart &sort=votes`
		);
		expect(r).toEqual({
			ok: true,
			filters: {
				stages: ['proposed', 'shortlisted'],
				branches: ['niguarda', ID],
				municipi: [9],
				services: ['biblioteche-di-condominio'],
				processes: [ID],
				workshops: [],
				tags: ['orari', 'giovani, studenti'],
				from: '2026-01-01',
				to: '2026-06-30',
				q: 'armadietti smart',
				sort: 'votes'
			}
		});
	});

	it.each([
		['stage=approved', 'stages', 'unknown-stage'],
		["branch=x'; drop table proposals;--", 'branches', 'not-an-id'],
		['municipio=10', 'municipi', 'not-a-municipio'],
		['municipio=1.5', 'municipi', 'not-a-municipio'],
		['service=Biblioteca<script>', 'services', 'not-an-id'],
		['process=42', 'processes', 'not-an-id'],
		['workshop=../etc', 'workshops', 'not-an-id'],
		[`tag=${'x'.repeat(61)}`, 'tags', 'too-long'],
		['from=2026-02-30', 'from', 'not-a-date'],
		['to=ieri', 'to', 'not-a-date'],
		['from=2026-05-01&to=2026-04-01', 'to', 'dates-reversed'],
		[`q=${'a'.repeat(201)}`, 'q', 'too-long'],
		['sort=random()', 'sort', 'unknown-sort'],
		[Array.from({ length: 61 }, (_, i) => `tag=t${i}`).join('&'), 'tags', 'too-many']
	])('refuses %s, naming the field', (query, field, problem) => {
		expect(parse(query)).toMatchObject({ ok: false, field, problem });
	});
});

describe('toSearchParams', () => {
	it('writes back what it read, leaving out the defaults', () => {
		const query = `stage=prototyping&municipio=9&service=biblioteche-di-condominio&tag=a+b&q=orari+serali&sort=change`;
		const r = parse(query);
		if (!r.ok) throw new Error('parsed');
		expect(toSearchParams(r.filters).toString()).toBe(query);
		expect(toSearchParams(EMPTY_FILTERS).toString()).toBe('');
	});

	it('tells a filtered view from a merely sorted one', () => {
		expect(isFiltered({ ...EMPTY_FILTERS, sort: 'votes' })).toBe(false);
		expect(isFiltered({ ...EMPTY_FILTERS, q: 'x' })).toBe(true);
	});
});

describe('likePattern', () => {
	it('takes LIKE wildcards in a search literally', () => {
		expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
	});
});

describe('countActive', () => {
	const filters = (query: string) => {
		const parsed = parse(query);
		if (!parsed.ok) throw new Error(query);
		return parsed.filters;
	};

	it('counts nothing for no filters, whatever the sort', () => {
		expect(countActive(EMPTY_FILTERS)).toBe(0);
		expect(countActive(filters('sort=age'))).toBe(0);
	});

	it('counts each narrowing field once, however many values it holds', () => {
		expect(countActive(filters('stage=proposed&stage=shortlisted&municipio=9'))).toBe(2);
		expect(countActive(filters('q=scaffale&from=2026-01-01&to=2026-06-30&tag=bimbi'))).toBe(4);
	});
});
