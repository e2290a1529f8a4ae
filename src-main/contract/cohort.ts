import { channel, event } from './define';
// Cohort channels (store, batch scoring, worklist, overread, metrics, export). Owned by src-main/core/cohort/.

export const cohortChannels = {} as const;

export const cohortEvents = {} as const;

void channel;
void event;
