import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { APP_NAME, APP_VERSION } from '../../core/api/version';
import { CoreError } from '../../core/errors';
import type { LoadedEchoingModel } from '../../core/model/model';
import { buildReport } from '../../core/report/build-report';
import { UsageError, parseArgs, stringFlag } from '../args';
import type { CliCommand } from '../types';
import { openModel } from './predict';
import { REPORT_FLAGS, REPORT_FLAGS_USAGE, reportOptionsFrom } from './report-flags';

const USAGE = `Usage: echoing-ecg report <file> --out FILE.pdf [--paper a4|letter] [--layout 3x4+1|3x4+3|6x2|12x1]
                        [--speed 25|50] [--gain 5|10|20] [--ai] [--hide-identifiers] [--model DIR] [--db FILE]

Writes one ECG as a vector PDF on calibrated paper, exactly to scale (1 mm grid, 5 mm boxes, a 1 mV calibration
pulse at the chosen gain): header with patient fields, acquisition time, device, device measurements and
statements, speed, gain and display filter; footer with the file name, its SHA-256 and the app version.
Print it at 100 % ("actual size"), never "fit to page".

Options:
  --out FILE.pdf            Where to write the PDF (required)
${REPORT_FLAGS_USAGE}  --db FILE                 Cohort database: adds the latest overread of this file's content
Environment: SOURCE_DATE_EPOCH (seconds) fixes the PDF's creation date, for byte-identical output.
Exit code: 0 when written, 1 on failure, 2 on a usage mistake.
`;

/** `echoing-ecg report`: one ECG file to a PDF. */
export const command: CliCommand = {
  name: 'report',
  summary: 'Write an ECG as a vector PDF at true scale (3x4+1, 3x4+3, 6x2, 12x1), optionally with the AI summary',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { ...REPORT_FLAGS, db: { type: 'string' } });
    const [file, ...extra] = args.positionals;
    if (!file || extra.length > 0) throw new UsageError('Give exactly one ECG file.');
    const out = stringFlag(args, 'out');
    if (!out) throw new UsageError('--out FILE.pdf is required.');
    const options = reportOptionsFrom(args);
    const db = stringFlag(args, 'db');
    let model: LoadedEchoingModel | undefined;
    try {
      if (args.flags.ai === true) model = await openModel(stringFlag(args, 'model'), 'auto', io);
      const built = await buildReport({
        path: resolve(file),
        options,
        app: { name: APP_NAME, version: APP_VERSION },
        model: model ?? null,
        cohortDbPath: db === undefined ? undefined : resolve(db),
      });
      try {
        await writeFile(resolve(out), built.bytes);
      } catch (error) {
        throw new CoreError('REPORT_WRITE_FAILED', 'The PDF could not be written (folder missing or read-only?).', error);
      }
      io.stdout(`wrote ${out} (${built.pages} page${built.pages > 1 ? 's' : ''}, ${(built.bytes.length / 1024).toFixed(0)} kB)\n`);
      return 0;
    } finally {
      await model?.dispose();
    }
  },
};
