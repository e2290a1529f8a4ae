import { performance } from 'node:perf_hooks';
import { CoreError } from '../../errors';
import type { PacsConnection } from '../connection';
import type { DimseNode } from '../types';
import { runAssociation } from './association';
import { findInstances, findSeries, findStudies } from './find';
import { retrieveByGet } from './get';
import { dimse } from './library';
import { retrieveByMove } from './move';

/** A DIMSE node: C-ECHO, C-FIND (study, series, image level), C-GET and C-MOVE. */
export function dimseConnection(node: DimseNode): PacsConnection {
  return {
    methods: ['get', 'move'],
    async echo(signal) {
      const started = performance.now();
      const request = new dimse.requests.CEchoRequest();
      let status: number | undefined;
      request.on('response', (r: InstanceType<typeof dimse.responses.CEchoResponse>) => {
        status = r.getStatus();
      });
      await runAssociation({ node, requests: [request], signal });
      if (status !== dimse.constants.Status.Success) {
        throw new CoreError('PACS_PROTOCOL_ERROR', `The PACS answered C-ECHO with status ${status === undefined ? 'none' : `0x${status.toString(16)}`}.`);
      }
      return { protocol: 'dimse', milliseconds: Math.round(performance.now() - started), detail: `C-ECHO accepted by ${node.calledAe} at ${node.host}:${node.port}` };
    },
    findStudies: (q, signal) => findStudies(node, q, signal),
    findSeries: (studyUid, signal) => findSeries(node, studyUid, signal),
    findInstances: (studyUids, seriesUid, signal) => findInstances(node, studyUids, seriesUid, signal),
    retrieve(instances, method, sink, signal, wholeSeries) {
      if (method === 'move') return retrieveByMove(node, instances, sink, signal, wholeSeries);
      if (method === 'get') return retrieveByGet(node, instances, sink, signal, wholeSeries);
      throw new CoreError('BAD_REQUEST', 'A DIMSE node retrieves with C-GET or C-MOVE, not WADO-RS.');
    },
  };
}
