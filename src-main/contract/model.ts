import { channel, event } from './define';
// Model channels (packs, prediction, occlusion). Owned by the model runtime; see src-main/core/model/.

export const modelChannels = {} as const;

export const modelEvents = {} as const;

// Keep the imports used until the owner adds channels.
void channel;
void event;
