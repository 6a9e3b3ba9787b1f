import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {Lexer} from 'marked';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const seedsDir = path.resolve(root, '../shared/seeds');
const lessonFiles = readdirSync(path.join(root, 'lessons'))
	.filter((f) => /^\d\d-.*\.md$/.test(f))
	.map((f) => path.join('lessons', f));

/** How many words in a row a lesson may share with the seeds before it counts as copied prose. */
const RUN = 9;

const words = (text: string) => text.toLowerCase().match(/[a-z0-9']+/g) ?? [];

function shingles(text: string): Set<string> {
	const w = words(text);
	const set = new Set<string>();
	for (let i = 0; i + RUN <= w.length; i++) set.add(w.slice(i, i + RUN).join(' '));
	return set;
}

/** A lesson's prose: front matter, code blocks and inline code removed (commands and YAML are facts). */
function prose(markdown: string): string {
	const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
	return Lexer.lex(body)
		.filter((t) => t.type !== 'code')
		.map((t) => t.raw.replace(/`[^`]*`/g, ' '))
		.join('\n');
}

describe('lesson originality and hygiene', () => {
	it.skipIf(!existsSync(seedsDir))('no lesson paragraph is copied from the seeds (../shared/seeds)', () => {
		const seed = new Set<string>();
		for (const f of readdirSync(seedsDir)) {
			const text = readFileSync(path.join(seedsDir, f), 'utf8').replace(/```[\s\S]*?```/g, ' ');
			for (const s of shingles(text)) seed.add(s);
		}
		const copied = lessonFiles.flatMap((file) =>
			[...shingles(prose(readFileSync(path.join(root, file), 'utf8')))].filter((s) => seed.has(s)).map((s) => `${file}: "${s}"`),
		);
		expect(copied).toEqual([]);
	});

	it('lessons and manifests carry no credentials, keys or personal data', () => {
		const files = [
			...lessonFiles,
			...readdirSync(path.join(root, 'manifests'), {recursive: true, encoding: 'utf8'})
				.filter((f) => f.endsWith('.yaml'))
				.map((f) => path.join('manifests', f)),
		];
		const forbidden: Array<[string, RegExp]> = [
			['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
			['password', /password\s*[:=]/i],
			['bearer/api token', /\b(bearer\s+[a-z0-9._-]{20,}|ghp_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16})/i],
			['e-mail address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/],
			['a seed author or company host', /kubula|welz|meisenzahl|white ?duck/i],
			['a seed lab IP range', /\b172\.26\.\d+\.\d+/],
		];
		const hits = files.flatMap((file) => {
			const text = readFileSync(path.join(root, file), 'utf8');
			return forbidden.filter(([, re]) => re.test(text)).map(([what]) => `${file}: ${what}`);
		});
		expect(hits).toEqual([]);
	});
});
