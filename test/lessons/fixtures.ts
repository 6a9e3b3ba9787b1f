import {lintLessons} from '../../src/lessons/lint.js';
import {parseLesson} from '../../src/lessons/parse-lesson.js';
import {formatProblem} from '../../src/lessons/problems.js';

/** A small but complete lesson using every feature of the format. */
export const GOOD = `---
id: global-services
title: Global services
summary: Make rebel-base global.
starts: app
leaves:
  stage: app
  workloads:
    koornacht: {annotations: {service.cilium.io/global: "true"}}
    tion: {annotations: {service.cilium.io/global: "true"}}
---
# Global services

Intro on Cilium {{cilium.version}}.

## Make the service global in Koornacht {#annotate-koornacht}
Annotate it.

\`\`\`sh koornacht
kubectl annotate service rebel-base \\
  service.cilium.io/global="true" --overwrite
# a comment, skipped

kubectl exec deploy/x-wing -- sh -c 'for i in $(seq 1 10); do curl -sS --max-time 2 rebel-base; echo; done'
\`\`\`

\`\`\`yaml check
- service: {cluster: koornacht, name: rebel-base}
  expect: {annotations: {service.cilium.io/global: "true"}}
- probe: {from: koornacht}
  expect: {only: koornacht}
\`\`\`

\`\`\`yaml wrong
- label: annotate Tion instead
  run:
    - tion: kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite
\`\`\`

### Hints
1. The annotation goes on Koornacht's \`rebel-base\`.
2. Use \`kubectl annotate\`.

### Solution
\`\`\`sh koornacht
kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite
\`\`\`

## Why still local?
- [ ] The mesh is slow
- [x] Tion's Service is not global

### Explanation
Both sides must opt in.

### Hints
1. Which of the two Services carries the annotation so far?

## Make it global in Tion too
\`\`\`sh tion
kubectl annotate service rebel-base service.cilium.io/global="true" --overwrite
\`\`\`

\`\`\`yaml check
{live-only: "needs real clusters", conditions: [{probe: {from: tion, count: 20}, expect: mixed}]}
\`\`\`

### Hints
1. Same again, in Tion.
`;

export const GOOD_FILE = 'lessons/04-global-services.md';

/** Replaces one exact, unique snippet of a lesson (fails loudly if it is not there). */
export function edit(text: string, from: string, to: string): string {
	const at = text.indexOf(from);
	if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`snippet not found exactly once: ${from}`);
	return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The 1-based line holding `needle` (which must occur exactly once). */
export function lineOf(text: string, needle: string): number {
	const at = text.indexOf(needle);
	if (at < 0 || text.indexOf(needle, at + 1) >= 0) throw new Error(`needle not found exactly once: ${needle}`);
	return text.slice(0, at).split('\n').length;
}

export const everyAssetExists = () => true;

/** Parses and lints lesson texts by file name; returns `file:line: message` strings. */
export function lintTexts(files: Record<string, string>, exists: (p: string) => boolean = everyAssetExists): string[] {
	const results = Object.entries(files).map(([file, text]) => parseLesson(text, file));
	return lintLessons(results, exists).map(formatProblem);
}

/** A minimal valid lesson with the given front-matter lines replaced and one step body. */
export function minimal(options: {id?: string; starts?: string; leaves?: string; optional?: boolean; step?: string} = {}): string {
	return [
		'---',
		`id: ${options.id ?? 'lesson'}`,
		'title: A lesson',
		'summary: Something.',
		...(options.optional ? ['optional: true'] : []),
		`starts: ${options.starts ?? 'app'}`,
		`leaves: ${options.leaves ?? 'app'}`,
		'---',
		'Intro.',
		'',
		'## A step',
		options.step ?? 'Read this.',
		'',
	].join('\n');
}
