/**
 * Internal IPC channel for drag-and-drop: the preload resolves dropped File objects to paths (webUtils) and
 * main hands out tokens. Deliberately outside the contract: the web host has no such path and no page may send
 * one. Its own file so the preload bundle does not pull in main-side code.
 */
export const DROP_CHANNEL = 'echoing:dropped-files';
