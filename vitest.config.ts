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
		reporters: ['default', './test/summary-reporter.ts'],
	},
});
