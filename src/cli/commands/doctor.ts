import type {Command} from 'commander';
import {EXIT} from '../../core/exit-codes.js';
import type {CliContext} from '../context.js';

export function registerDoctor(program: Command, ctx: CliContext): void {
	program
		.command('doctor')
		.description('check this machine for live kind clusters: Docker, kind, kubectl, cilium, helm, resources, limits, WireGuard, disk, prepared images, ports; each problem with its fix')
		.option('--json', 'print JSON (schema 2): {schema, ok, findings: [{id, level: ok|warn|fail, title, detail, fix: string|null}]}')
		.addHelpText('after', '\nExit code: 1 when any finding fails (live lessons cannot run yet), 0 otherwise.')
		.action(async (options: {json?: boolean}) => {
			// The checks live with the kind backend; load them only for this command.
			const [{gatherDoctorFacts}, {evaluateDoctor}, {doctorReport, doctorJson}, {formatDoctorReport}] = await Promise.all([
				import('../../backends/kind/doctor/gather.js'),
				import('../../backends/kind/doctor/rules.js'),
				import('../../backends/kind/doctor/findings.js'),
				import('../../backends/kind/doctor/format.js'),
			]);
			const report = doctorReport(evaluateDoctor(await gatherDoctorFacts({paths: ctx.paths, env: ctx.env})));
			ctx.stdout(options.json ? `${JSON.stringify(doctorJson(report))}\n` : formatDoctorReport(report));
			ctx.setExitCode(report.ok ? EXIT.ok : EXIT.failed);
		});
}
