import { performance } from 'node:perf_hooks';
import { CoreError } from '../../errors';
import type { PacsConnection } from '../connection';
import type { DicomwebNode } from '../types';
import { dicomwebHttp, statusError } from './http';
import { qidoInstances, qidoSeries, qidoStudies } from './qido';
import { wadoRetrieve } from './wado';

/** A DICOMweb node: QIDO-RS to query (a one-result study query tests the connection), WADO-RS to retrieve. */
export function dicomwebConnection(node: DicomwebNode, secret: string | undefined): PacsConnection & { close(): Promise<void> } {
  const http = dicomwebHttp(node, secret);
  return {
    methods: ['wado'],
    async echo(signal) {
      const started = performance.now();
      const response = await http.get('/studies?limit=1&includefield=0020000D', 'application/dicom+json', signal);
      await response.body?.cancel().catch(() => undefined);
      if (response.status !== 200 && response.status !== 204) throw statusError(response.status, 'the test query');
      return { protocol: 'dicomweb', milliseconds: Math.round(performance.now() - started), detail: `QIDO-RS answered by ${new URL(node.baseUrl).host}` };
    },
    findStudies: (q, signal) => qidoStudies(http, node, q, signal),
    findSeries: (studyUid, signal) => qidoSeries(http, node, studyUid, signal),
    findInstances: (studyUids, seriesUid, signal) => qidoInstances(http, node, studyUids, seriesUid, signal),
    retrieve(instances, method, sink, signal) {
      if (method !== 'wado') throw new CoreError('BAD_REQUEST', 'A DICOMweb node retrieves with WADO-RS.');
      return wadoRetrieve(http, node, instances, sink, signal);
    },
    close: () => http.close(),
  };
}
