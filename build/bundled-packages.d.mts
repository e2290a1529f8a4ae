import type { Plugin } from 'vite';
export declare const GENERATED_DIR: string;
export declare function packageDirOf(id: string): string | undefined;
export declare function bundledPackages(target: 'main' | 'preload' | 'renderer'): Plugin;
