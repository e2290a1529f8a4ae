import { resolve } from 'node:path';
import { APP_NAME, APP_VERSION } from '../../core/api/version';
import type { CohortStore } from '../../core/cohort/store';
import type { Queue } from '../../core/cohort/types';
import type { LoadedEchoingModel } from '../../core/model/model';
import { writeCohortReports } from '../../core/report/cohort-report';
import { UsageError, stringFlag, type ParsedArgs } from '../args';
import type { CliIo } from '../types';
import { openModel } from './predict';
import { reportOptionsFrom } from './report-flags';

export const COHORT_REPORT_USAGE = `       echoing-ecg cohort report [--db FILE] --out DIR [--queue positive|uncertain|negative] [--cohort NAME]
                                 [--paper a4|letter] [--layout 3x4+1|3x4+3|6x2|12x1] [--speed 25|50]
                                 [--gain 5|10|20] [--ai] [--hide-identifiers] [--model DIR]`;

export const COHORT_REPORT_HELP = `  report    One PDF per scored ECG of a worklist queue (all queues without --queue), in worklist order
            (highest risk first) as DIR/NNN-<file>-ecg.pdf, each with its overread; the page options are
            those of \`echoing-ecg report\` (--ai re-runs the pack for each ECG's AI summary page).
            --hide-identifiers names the PDFs by content hash instead of file name.`;

const QUEUES: readonly Queue[] = ['positive', 'uncertain', 'negative'];

/** `cohort report`: the store is opened (and closed) by the caller, which owns the cohort options. */
export async function cohortReport(args: ParsedArgs, io: CliIo, open: () => { store: CohortStore; cohortId: number }): Promise<number> {
  const out = stringFlag(args, 'out');
  if (!out) throw new UsageError('--out DIR is required.');
  const q = stringFlag(args, 'queue');
  if (q !== undefined && !QUEUES.includes(q as Queue)) throw new UsageError(`--queue must be one of ${QUEUES.join(', ')}.`);
  const options = reportOptionsFrom(args);
  const { store, cohortId } = open();
  let model: LoadedEchoingModel | undefined;
  try {
    if (args.flags.ai === true) {
      model = await openModel(stringFlag(args, 'model'), 'auto', io);
      const scored = store.cohort(cohortId);
      if (scored.model_id !== null && (scored.model_id !== model.summary.id || scored.model_version !== model.summary.version)) {
        io.stdout(`note: the queues come from ${scored.model_id} ${scored.model_version ?? ''}; the AI pages from ${model.summary.id} ${model.summary.version}\n`);
      }
    }
    const result = await writeCohortReports({
      store, cohortId, outDir: resolve(out), queue: q as Queue | undefined, options,
      app: { name: APP_NAME, version: APP_VERSION }, model: model ?? null,
    });
    const pages = result.written.reduce((n, w) => n + w.pages, 0);
    io.stdout(`wrote ${result.written.length} PDFs (${pages} pages) to ${out}${result.failed.length ? `; ${result.failed.length} failed` : ''}\n`);
    // File ids, never names: a failure line must not carry a patient's name into a log.
    for (const f of result.failed) io.stdout(`  ECG #${f.fileId}: ${f.error.code} ${f.error.message}\n`);
    store.audit('cli', 'report', 'cohort', cohortId, { written: result.written.length, failed: result.failed.length, queue: q ?? 'all', hideIdentifiers: options.hideIdentifiers });
    return result.failed.length === 0 ? 0 : 1;
  } finally {
    await model?.dispose();
    store.close();
  }
}
