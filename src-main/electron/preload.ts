import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from '../contract';
import type { BridgeChannels, BridgeEvents, EchoingBridge } from '../contract/bridge';
import { DROP_CHANNEL } from './drop-channel';

/**
 * The sandboxed preload: the only code in the renderer process that can reach main. Each exposed function is
 * bound to one fixed channel name from the contract, so the page can call the API but cannot pick a channel
 * and never touches ipcRenderer.
 */
const channels = Object.fromEntries(
  CHANNEL_NAMES.map((name) => [name, (request: unknown) => ipcRenderer.invoke(name, request)]),
) as unknown as BridgeChannels;

const events = Object.fromEntries(
  EVENT_NAMES.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      // Strip the IpcRendererEvent: it carries the sender and must not reach the page.
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(name, wrapped);
      return () => {
        ipcRenderer.removeListener(name, wrapped);
      };
    },
  ]),
) as unknown as BridgeEvents;

const bridge: EchoingBridge = {
  channels,
  events,
  droppedFiles: (files) => {
    const paths = Array.from(files, (file) => webUtils.getPathForFile(file)).filter((p) => p !== '');
    return ipcRenderer.invoke(DROP_CHANNEL, paths);
  },
};

contextBridge.exposeInMainWorld('echoing', bridge);
