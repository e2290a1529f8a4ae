/** Renderer-side aliases of the contract's record types (types only: the renderer never imports main code). */
import type { OpenedEcg } from '../../../../src-main/contract/index';

export type EcgRecordView = OpenedEcg['record'];
export type WaveformGroupView = EcgRecordView['groups'][number];
export type RecordFieldView = EcgRecordView['fields'][number];
