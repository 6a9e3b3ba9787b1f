/**
 * `kind get clusters`: one name per line on stdout; with none, kind logs
 * "No kind clusters found." (on stderr, but tolerated here too).
 */
export function parseKindClusters(stdout: string): string[] {
	return stdout
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line && !/^No kind clusters found/i.test(line) && /^[a-z0-9][a-z0-9.-]*$/i.test(line));
}
