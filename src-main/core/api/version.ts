import { version } from '../../../package.json';

/** The application's version (package.json), the same in Electron, the web host and the CLI. */
export const APP_VERSION: string = version;

/**
 * The version of the core (readers, model runtime, cohort store) and of the contract it serves. Bumped when a
 * channel's request or response changes shape, so a status bar or a bug report says which core answered.
 */
export const CORE_VERSION = '0.1.0';

export const APP_NAME = 'EchoingECG Review';
