export declare const EXTERNAL_PACKAGES: string[];
export declare const RUNTIME_PACKAGES: string[];
export declare function libsqlTarget(platform: string, arch: string): string;
export declare const DATA_FILES: Record<string, string[]>;
