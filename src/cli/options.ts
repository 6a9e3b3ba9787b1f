import {InvalidArgumentError, Option} from 'commander';
import {BACKEND_CHOICES, type BackendChoice} from '../backends/choices.js';
import {CLUSTERS, TARGETS} from '../core/lab.js';

export function backendOption(defaultChoice: BackendChoice = 'auto'): Option {
	return new Option(
		'--backend <backend>',
		'auto: live kind clusters where Docker and kind are usable, else the simulator',
	)
		.choices(BACKEND_CHOICES)
		.default(defaultChoice);
}

export function clusterOption(flag: string, description: string, withLab = false): Option {
	return new Option(flag, description).choices(withLab ? TARGETS : CLUSTERS).makeOptionMandatory();
}

/** A commander argument parser for whole numbers in a range, with a message naming the limits. */
export function intInRange(min: number, max: number): (value: string) => number {
	return (value) => {
		const n = Number(value);
		if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
			throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}".`);
		}
		return n;
	};
}

export interface BackendOptions {
	readonly backend: BackendChoice;
}
