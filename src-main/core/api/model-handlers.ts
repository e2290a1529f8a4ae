import type { modelChannels } from '../../contract/model';
import type { CoreDeps } from './deps';
import type { PartialHandlerMap } from './types';

/** Model channels. Owned by the model runtime (replace as channels are added). */
export function createModelHandlers(_deps: CoreDeps): PartialHandlerMap<keyof typeof modelChannels> {
  return {};
}
