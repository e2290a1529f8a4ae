import type { z } from 'zod';
import { adaptChannels, adaptEvents } from './adapt';
import { appChannels, appEvents } from './app';
import { cohortChannels, cohortEvents } from './cohort';
import { compareChannels } from './compare';
import type { ChannelSpec, EventSpec } from './define';
import { ecgChannels } from './ecg';
import { modelChannels, modelEvents } from './model';
import { reportChannels } from './report';
import { pacsChannels, pacsEvents } from './pacs';
import type { Result } from './result';

/**
 * The whole API between the renderer and main, in one place. Channel names are `domain:verb`.
 * Main (Electron IPC) and the web host both serve exactly this map; the renderer sees one typed client.
 */
export const channels = {
  ...appChannels,
  ...ecgChannels,
  ...modelChannels,
  ...cohortChannels,
  ...reportChannels,
  ...pacsChannels,
  ...compareChannels,
  ...adaptChannels,
} as const;
export const events = { ...appEvents, ...modelEvents, ...cohortEvents, ...pacsEvents, ...adaptEvents } as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;

export type RequestOf<C extends ChannelName> = Channels[C] extends ChannelSpec<infer Req, unknown> ? z.input<Req> : never;
export type ResponseOf<C extends ChannelName> = Channels[C] extends ChannelSpec<z.ZodType, infer Res> ? Res : never;
export type EventPayloadOf<E extends EventName> = (typeof events)[E] extends EventSpec<infer P> ? P : never;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The client every renderer feature uses, whatever the transport (Electron preload or web host). */
export interface EchoingClient {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void;
}

export type { Result, ErrorPayload } from './result';
export * from './app';
export * from './ecg';
export * from './model';
export * from './cohort';
export * from './report';
export * from './pacs';
export * from './compare';
export * from './adapt';
