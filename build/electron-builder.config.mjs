// Packaging for EchoingECG Review: `npm run dist -- --linux|--win|--mac` (scripts/dist.mjs: signing from the
// environment, with a clear message when it is skipped). electron-builder downloads the Electron zip and, for
// AppImage/deb/rpm/NSIS/MSI/dmg, its packaging tools at build time; offline, point electronDist at a local Electron
// zip and build the `dir` target (README "Packaging"). tests/integration/packaging checks the unpacked output.
// A module rather than YAML so the shipped packages come from build/native-modules.mjs and the native binaries
// from the target platform (electron-builder's ${platform} macro names the build machine, not the target).
import { DATA_FILES, libsqlTarget, RUNTIME_PACKAGES } from './native-modules.mjs';

/**
 * What goes into app.asar: out/ (every library bundled in by electron-vite) and package.json, and from
 * node_modules only the Node-API modules, what they need at run time and the data files read from there (the
 * report's fonts), all listed in build/native-modules.mjs, unpacked.
 */
const APP_FILES = [
  'out/**',
  'package.json',
  '!**/*.map',
  '!node_modules/**',
  ...RUNTIME_PACKAGES.filter((p) => p !== 'onnxruntime-node').map((p) => `node_modules/${p}/**`),
  'node_modules/onnxruntime-node/{package.json,LICENSE}',
  'node_modules/onnxruntime-node/dist/**',
  'node_modules/onnxruntime-node/bin/napi-v6/**',
  'node_modules/@libsql/**',
  ...Object.entries(DATA_FILES).flatMap(([pkg, files]) => files.map((f) => `node_modules/${pkg}/${f}`)),
  '!node_modules/**/*.{md,ts,map}',
  '!node_modules/**/{test,tests,example,examples,docs}/**',
];

/**
 * Leaves out every binary but the target's: onnxruntime-node's bin/napi-v6/<platform>/<arch> and libsql's package
 * for it (exclusions: electron-builder applies those inside node_modules too).
 */
export function onlyTargetBinaries(platform) {
  const arch = '${arch}';
  return [
    `!node_modules/onnxruntime-node/bin/napi-v6/!(${platform})/**`,
    `!node_modules/onnxruntime-node/bin/napi-v6/${platform}/!(${arch})/**`,
    `!node_modules/@libsql/!(${libsqlTarget(platform, arch).slice('@libsql/'.length)})/**`,
  ];
}

/**
 * The platform this run builds for, from electron-builder's own command line (--linux, --win, --mac; else this
 * machine's). A platform's `files` does not reach node_modules the same way, so the binaries are chosen here,
 * and one run builds one platform: their native files differ.
 */
export function targetPlatform(argv = process.argv, host = process.platform) {
  const named = new Set();
  for (const a of argv) {
    if (a === '--linux' || a === '-l') named.add('linux');
    if (a === '--win' || a === '--windows' || a === '-w') named.add('win32');
    if (a === '--mac' || a === '--macos' || a === '-m') named.add('darwin');
  }
  if (named.size > 1) throw new Error('Build one platform per run (--linux, --win or --mac): their native binaries differ.');
  return [...named][0] ?? host;
}

const launcher = (file) => ({ from: `resources/bin/${file}`, to: `bin/${file}` });

/** @type {import('electron-builder').Configuration} */
export default {
  appId: 'org.echoingecg.review',
  productName: 'EchoingECG Review',
  copyright: 'Copyright © EchoingECG Review contributors',
  directories: { output: 'dist', buildResources: 'build' },
  files: [...APP_FILES, ...onlyTargetBinaries(targetPlatform())],
  asar: true,
  asarUnpack: ['node_modules/**'],
  // Not rebuilt: both native modules are Node-API and load in Electron as published.
  npmRebuild: false,
  extraResources: [
    // Model packs stay outside the ASAR, next to their sha256 manifests, replaceable without rebuilding the app.
    { from: 'models', to: 'models', filter: ['**/*', '!tools/**', '!local/**', '!**/__pycache__/**'] },
    { from: 'resources/samples', to: 'samples', filter: ['**/*', '!.gitattributes'] },
    { from: 'build/generated/licenses', to: 'licenses' },
    { from: 'build/icons/icon.png', to: 'icons/icon.png' },
  ],
  // Fuses (run-as-node off, NODE_OPTIONS off, inspect off, ASAR integrity on, only load from ASAR).
  afterPack: 'build/after-pack.mjs',
  // No auto-update: the app never phones home.
  publish: null,
  // ECG-only extensions are claimed outright. .dcm (images too: the site's DICOM viewer keeps it) and .xml (every
  // XML file) are only offered: "Open with" on Windows (build/installer.nsh, OpenWithProgids) and macOS (rank
  // Alternate); on Linux ECG XML is recognised by its root element (build/linux mime XML).
  fileAssociations: [
    { ext: 'scp', name: 'SCP-ECG', description: 'SCP-ECG recording', role: 'Viewer', rank: 'Owner' },
    { ext: 'hea', name: 'WFDB record', description: 'WFDB (PhysioNet) record header', role: 'Viewer', rank: 'Default' },
    { ext: 'edf', name: 'EDF recording', description: 'European Data Format recording', role: 'Viewer', rank: 'Default' },
  ],
  linux: {
    target: ['AppImage', 'deb', 'rpm'],
    executableName: 'echoing-ecg-review',
    icon: 'build/icons/png',
    // A main category plus the additional MedicalSoftware, per the freedesktop menu specification.
    category: 'Science;MedicalSoftware',
    synopsis: 'Review of resting ECGs with the EchoingECG encoder',
    syncDesktopName: true,
    desktop: { entry: { Keywords: 'ECG;EKG;electrocardiogram;DICOM;cardiology;' } },
    // Listed in the desktop entry; the non-standard types are defined in build/linux/echoing-ecg-review-mime.xml.
    mimeTypes: [
      'application/dicom',
      'application/x-scp-ecg',
      'application/x-wfdb-header',
      'application/x-edf',
      'application/x-hl7-aecg+xml',
      'application/x-ge-muse-ecg+xml',
      'application/x-philips-sierra-ecg+xml',
    ],
    extraResources: [launcher('echoing-ecg'), { from: 'build/linux/echoing-ecg-review-mime.xml', to: 'linux/echoing-ecg-review-mime.xml' }],
  },
  deb: {
    packageCategory: 'science',
    priority: 'optional',
    fpm: ['build/linux/echoing-ecg-review-mime.xml=/usr/share/mime/packages/echoing-ecg-review.xml', 'build/linux/echoing-ecg=/usr/bin/echoing-ecg'],
  },
  rpm: {
    fpm: ['build/linux/echoing-ecg-review-mime.xml=/usr/share/mime/packages/echoing-ecg-review.xml', 'build/linux/echoing-ecg=/usr/bin/echoing-ecg'],
  },
  win: {
    target: ['nsis', 'msi'],
    icon: 'build/icons/icon.ico',
    extraResources: [launcher('echoing-ecg.cmd')],
  },
  // Assisted installer with the per-user / per-machine choice; hospital IT installs silently per machine with
  // `"EchoingECG Review Setup 0.1.0.exe" /S /allusers` (`/D=C:\Path` as the last argument to choose the folder).
  nsis: {
    include: 'build/installer.nsh',
    oneClick: false,
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
  },
  // MSI for software-distribution tools (Intune, SCCM, GPO): per machine, `msiexec /i "EchoingECG Review 0.1.0.msi" /qn`.
  msi: { oneClick: true, perMachine: true, createDesktopShortcut: false, upgradeCode: '7c3f5a2e-4d1b-4e8a-9b6f-2a1c0e5d8f31' },
  mac: {
    // onnxruntime-node ships macOS binaries for arm64 only.
    target: [{ target: 'dmg', arch: 'arm64' }],
    icon: 'build/icons/icon.icns',
    category: 'public.app-category.medical',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/mac/entitlements.mac.plist',
    entitlementsInherit: 'build/mac/entitlements.mac.inherit.plist',
    fileAssociations: [
      { ext: 'dcm', name: 'DICOM ECG', description: 'DICOM waveform ECG', role: 'Viewer', rank: 'Alternate' },
      { ext: 'xml', name: 'ECG XML', description: 'HL7 aECG / GE MUSE / Philips Sierra ECG', role: 'Viewer', rank: 'Alternate' },
    ],
    extraResources: [launcher('echoing-ecg')],
  },
};
