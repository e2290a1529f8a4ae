import { join } from 'node:path';
import type { reportChannels } from '../../contract/report';
import { COHORT_DB_FILE } from '../cohort/db';
import { CoreError } from '../errors';
import type { PackManager } from '../model/pack/manager';
import { buildReport, type BuiltReport } from '../report/build-report';
import type { ReportOptions } from '../report/options';
import type { CoreDeps } from './deps';
import { confinedRead } from './read-roots';
import type { PartialHandlerMap } from './types';
import { APP_NAME, APP_VERSION } from './version';

interface ReportRequest {
  token: string;
  options: ReportOptions;
  ai: boolean;
}

const unavailable = (what: string) =>
  new CoreError('REPORT_UNAVAILABLE', `${what} works in the desktop app. In the browser, use Save as PDF and print the downloaded file at 100 % (actual size).`);

/**
 * Report channels: the PDF of a handed-out ECG file, with the active pack's AI summary when asked for (the same
 * pack and settings as model:predict, so the page shows what the card shows) and the latest overread of the
 * same content in the app's cohort database. Saving and printing go through Electron's dialogs (CoreDeps).
 */
export function createReportHandlers(deps: CoreDeps, packs: PackManager): PartialHandlerMap<keyof typeof reportChannels> {
  const build = async ({ token, options, ai }: ReportRequest): Promise<BuiltReport> =>
    buildReport({
      path: deps.files.resolve(token, 'file'),
      options,
      app: { name: APP_NAME, version: APP_VERSION },
      model: ai ? await packs.model() : null,
      cohortDbPath: join(deps.dataDir, COHORT_DB_FILE),
      ...confinedRead(deps),
    });

  return {
    'report:pdf': async (req) => {
      const r = await build(req);
      // A plain Uint8Array (not a Buffer) so the web host's wire encodes it as bytes.
      return { fileName: r.fileName, pages: r.pages, bytes: new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) };
    },
    'report:save': async (req) => {
      const save = deps.saveFile;
      if (!save) throw unavailable('Saving through a dialog');
      const r = await build(req);
      return save(r.fileName, r.bytes, 'pdf');
    },
    'report:print': async (req) => {
      const print = deps.printPdf;
      if (!print) throw unavailable('Printing');
      const r = await build(req);
      return print(r.bytes, req.options.paper);
    },
  };
}
