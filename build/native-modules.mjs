// The packages that stay outside the bundle (electron-vite) and ship as real files unpacked beside app.asar
// (electron-builder): Node-API modules load their binaries from disk by platform path, so they cannot be
// inlined. Everything else the main process uses is bundled into out/. One list, read by electron.vite.config.ts,
// build/electron-builder.config.mjs (by hand: keep them in step) and the packaging test, which checks the two agree.

/** Imported by our code; left as require() calls in the bundle. */
export const EXTERNAL_PACKAGES = ['onnxruntime-node', 'libsql'];

/** What those need at run time (their install-time helpers, e.g. onnxruntime-node's downloader, stay out). */
export const RUNTIME_PACKAGES = ['onnxruntime-node', 'onnxruntime-common', 'libsql', '@neon-rs/load', 'detect-libc'];

/**
 * Data files read from node_modules at run time (not code, so not bundled): the report's DejaVu faces, which
 * src-main/core/report/fonts.ts resolves through require.resolve. Only these files of each package ship.
 */
export const DATA_FILES = {
  'dejavu-fonts-ttf': ['package.json', 'LICENSE', 'ttf/DejaVuSans.ttf', 'ttf/DejaVuSans-Bold.ttf'],
};

/** libsql's binary package for a target (glibc on Linux: the desktop targets are glibc distributions). */
export function libsqlTarget(platform, arch) {
  if (platform === 'linux') return `@libsql/linux-${arch}-gnu`;
  if (platform === 'win32') return `@libsql/win32-${arch}-msvc`;
  return `@libsql/${platform}-${arch}`;
}
