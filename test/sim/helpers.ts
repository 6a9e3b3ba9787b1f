import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect} from 'vitest';
import type {Backend} from '../../src/backends/backend.js';
import {createSimBackend, emptySimState, memorySimStore, type SimState, type SimStore} from '../../src/backends/sim/index.js';
import {countReplies, parseProbeOutput, type ReplyCounts} from '../../src/checks/probe-protocol.js';
import type {ProbeQuery} from '../../src/backends/observations.js';
import {DEFAULT_PROBE} from '../../src/checks/spec.js';
import type {ClusterName} from '../../src/core/lab.js';
import {labPlan, parallelGroups} from '../../src/lab/plan.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED = 1234;
export const START = Date.parse('2025-06-01T12:00:00Z');

export interface Ran {
	readonly exitCode: number;
	readonly stdout: string;
	readonly stderr: string;
	/** Both streams in order, as a terminal would show them. */
	readonly output: string;
	/** The time the line would have taken (its timeouts and sleeps). */
	readonly simulatedMs?: number;
}

export interface SimLab {
	readonly backend: Backend;
	readonly store: SimStore;
	run(command: string, target?: ClusterName | 'lab', stdin?: string): Promise<Ran>;
	/** Runs commands that must succeed. */
	ok(...commands: string[]): Promise<void>;
	probe(from: ClusterName, overrides?: Partial<ProbeQuery>): Promise<ReplyCounts>;
	state(): Promise<SimState>;
}

/** A simulator over a memory store with a fixed seed and a clock that advances 1 s per command. */
export function simLab(initial: SimState = emptySimState(SEED), options: {cwd?: string; target?: ClusterName | 'lab'} = {}): SimLab {
	const store = memorySimStore(initial);
	// Carry on after the latest object of a copied lab, so AGE columns stay positive.
	const stamps = Object.values(initial.clusters).flatMap((c) => c.objects.map((o) => Date.parse(o.metadata.creationTimestamp ?? '')));
	let clock = Math.max(START, ...stamps.filter(Number.isFinite)) + 60_000;
	const backend = createSimBackend({store, root: ROOT, cwd: options.cwd ?? ROOT, seed: SEED, now: () => new Date(clock)});
	const defaultTarget = options.target ?? 'koornacht';
	const run = async (command: string, target: ClusterName | 'lab' = defaultTarget, stdin?: string): Promise<Ran> => {
		let stdout = '';
		let stderr = '';
		let output = '';
		const result = await backend.run({
			command,
			target,
			stdin,
			onOutput: (chunk) => {
				if (chunk.stream === 'stdout') stdout += chunk.text;
				else stderr += chunk.text;
				output += chunk.text;
			},
		});
		clock += 1000;
		return {exitCode: result.exitCode, stdout, stderr, output, simulatedMs: result.simulatedMs};
	};
	return {
		backend,
		store,
		run,
		ok: async (...commands) => {
			for (const command of commands) {
				const r = await run(command);
				if (r.exitCode !== 0) throw new Error(`\`${command}\` exited ${r.exitCode}:\n${r.output}`);
			}
		},
		probe: async (from, overrides = {}) => {
			const observation = await backend.observer.probe({...DEFAULT_PROBE, count: 24, from, ...overrides});
			return countReplies(parseProbeOutput(observation.raw));
		},
		state: () => store.read(),
	};
}

/** A variant of the lab's `cilium install` line. */
type Install = {version?: string; extra?: string};

const built = new Map<string, SimState>();

/** Builds a lab state once per key; every caller gets its own copy. */
async function builtOnce(key: string, build: () => Promise<SimState>): Promise<SimState> {
	let state = built.get(key);
	if (!state) {
		state = await build();
		built.set(key, state);
	}
	return structuredClone(state);
}

/**
 * The lab after `up` (lesson 3's end state), optionally with a different Cilium install line.
 * Built once per variant and copied for each test.
 */
export function labState(install: Install = {}): Promise<SimState> {
	return builtOnce(`up ${JSON.stringify(install)}`, async () => {
		const lab = simLab();
		for (const group of parallelGroups(labPlan())) {
			for (const task of group) {
				for (const c of task.commands) {
					let command = c.command;
					if (command.startsWith('cilium install')) {
						if (install.version) command = command.replace(/--version \S+/, `--version ${install.version}`);
						if (install.extra) command = `${command} ${install.extra}`;
					}
					const r = await lab.run(command, c.target);
					if (r.exitCode !== 0) throw new Error(`plan command failed: ${command}\n${r.output}`);
				}
			}
		}
		return lab.state();
	});
}

/** Which clusters answered, and whether anything else happened. */
export function seen(counts: ReplyCounts): string {
	const parts = [counts.koornacht > 0 && 'koornacht', counts.tion > 0 && 'tion', counts.timeout > 0 && 'timeout', counts.error > 0 && 'error', counts.other > 0 && 'other'];
	return parts.filter(Boolean).join('+');
}

/**
 * Lesson 8's end state (the start of lessons 9 to 12): rebel-base global in both clusters,
 * default-deny and rebel-base-from-x-wing in both, the widened egress policy in koornacht.
 */
export function lessonEightState(install: Install = {}): Promise<SimState> {
	return builtOnce(`lesson 8 ${JSON.stringify(install)}`, async () => {
		const lab = simLab(await labState(install));
		for (const c of ['koornacht', 'tion'] as const) {
			for (const command of ['kubectl annotate svc rebel-base service.cilium.io/global=true', 'kubectl apply -f manifests/policies/default-deny.yaml -f manifests/policies/rebel-base-from-x-wing.yaml']) {
				const r = await lab.run(command, c);
				if (r.exitCode !== 0) throw new Error(`${command} failed in ${c}:\n${r.output}`);
			}
		}
		await lab.ok('kubectl apply -f manifests/policies/x-wing-to-rebel-base-all-clusters.yaml');
		return lab.state();
	});
}

/** Runs a command the simulator must turn down on the app-stage lab: its exit code, its message, no output, the lab unchanged. */
export async function expectRefusedUnchanged(command: string, exitCode: number, message: RegExp): Promise<void> {
	const lab = simLab(await labState());
	const before = JSON.stringify(await lab.state());
	const r = await lab.run(command);
	expect(r.exitCode).toBe(exitCode);
	expect(r.stderr).toMatch(message);
	expect(r.stdout).toBe('');
	expect(JSON.stringify(await lab.state())).toBe(before);
}
