import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		environment: 'node',
		// Deterministic terminal output for marked-terminal/chalk and Ink.
		env: {FORCE_COLOR: '0', FORCE_HYPERLINK: '0', NO_COLOR: '1'},
		// Upper bounds for a hang, not expectations: CI has two cores shared with other test
		// processes, where a test that takes 3 s on an idle machine can take 30. Tests wait on
		// conditions (test/helpers/wait.ts), so a generous bound costs nothing when all is well.
		testTimeout: 60_000,
		hookTimeout: 60_000,
		pool: 'forks',
		// Vitest's default is one worker per core minus one: a single worker on a two-core CI
		// machine, 190 s for the suite. Most test time waits on child processes (fake tools,
		// tmux, the built CLI), so two workers fit two cores: about 100 s.
		maxWorkers: 2,
		reporters: ['default', './test/summary-reporter.ts'],
	},
});
