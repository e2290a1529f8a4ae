/**
 * dcmjs-dimse (pinned 0.3.3), set up once for this app:
 *
 * 1. Silence. The library logs every association, and can log whole data sets, at INFO to the console by
 *    default (loglevel), and dcmjs (its DICOM parser) warns with element values. Both go to "silent" here,
 *    before any association is made, so no patient data can reach a log.
 * 2. Raw C-STORE data sets. By default the library parses each received instance into a dcmjs object; we
 *    would then have to re-encode it to write a file, which rewrites value representations and costs time.
 *    Networks opened with `rawStoreOptions()` hand the received bytes over untouched instead (see
 *    `rawDataSetOf`), so the cached file holds exactly what the PACS sent.
 * 3. SCP role selection for C-GET. A C-GET SCU must propose, for each storage class it wants to receive,
 *    the SCP role (PS3.7 D.3.3.4); the library does that only for its built-in image storage classes, and
 *    `addAdditionalPresentationContext` drops roles. Networks opened with `rawStoreOptions(classes)`
 *    propose the SCP role for those classes. Strict archives refuse C-GET sub-operations without it.
 *
 * 2 and 3 wrap two methods of the library's Network class (the prototype behind its exported Scp class);
 * they act only on networks that carry our marker in `datasetReadOptions`, and `checkDimsePatches()`
 * (run by the tests) fails loudly if an upgrade of the library moves them.
 */
import * as dimse from 'dcmjs-dimse';

type LogLike = { setLevel(level: string, persist?: boolean): void; getLoggers?: () => Record<string, LogLike> };

const RAW_STORE = Symbol('echoing.rawStore');
const SCP_ROLE = Symbol('echoing.scpRole');
const rawBytes = new WeakMap<object, Buffer>();

interface NetworkLike {
  datasetReadOptions?: Record<string | symbol, unknown>;
  createDatasetFromStoreWritableStream(writable: { toBuffer(): Buffer }, context: dimse.association.PresentationContext, cb: (d: dimse.Dataset) => void): void;
  sendAssociationRequest(association: dimse.association.Association): void;
}

function silence(): void {
  dimse.log.setLevel('silent', false);
  try {
    // dcmjs-dimse's own dcmjs (the package's "require" export), by a plain require so that the bundler inlines
    // that very instance: the packaged app has no node_modules for createRequire to search.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dcmjs = require('dcmjs') as { log?: LogLike };
    if (dcmjs.log) {
      dcmjs.log.setLevel('silent', false);
      for (const child of Object.values(dcmjs.log.getLoggers?.() ?? {})) child.setLevel('silent', false);
    }
  } catch {
    // dcmjs not resolvable next to dcmjs-dimse: the library would not load either.
  }
}

function networkPrototype(): NetworkLike {
  return Object.getPrototypeOf(dimse.Scp.prototype) as NetworkLike;
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  silence();
  const proto = networkPrototype();
  const createDataset = proto.createDatasetFromStoreWritableStream;
  proto.createDatasetFromStoreWritableStream = function (this: NetworkLike, writable, context, cb) {
    if (this.datasetReadOptions?.[RAW_STORE] !== true) return createDataset.call(this, writable, context, cb);
    const ds = new dimse.Dataset({}, context.getAcceptedTransferSyntaxUid());
    rawBytes.set(ds, writable.toBuffer());
    cb(ds);
  };
  const sendAssociation = proto.sendAssociationRequest;
  proto.sendAssociationRequest = function (this: NetworkLike, association) {
    const classes = this.datasetReadOptions?.[SCP_ROLE];
    if (classes instanceof Set) {
      for (const { context } of association.getPresentationContexts() as { context: dimse.association.PresentationContext }[]) {
        if (classes.has(context.getAbstractSyntaxUid())) {
          context.setUserRole(false);
          context.setProviderRole(true);
        }
      }
    }
    return sendAssociation.call(this, association);
  };
}

install();

/** Network options that switch on raw C-STORE bytes and, for `scpRoleClasses`, SCP role proposals. */
export function rawStoreOptions(scpRoleClasses?: ReadonlySet<string>): Record<string, unknown> {
  const options: Record<string | symbol, unknown> = { [RAW_STORE]: true };
  if (scpRoleClasses) options[SCP_ROLE] = new Set(scpRoleClasses);
  return options as Record<string, unknown>;
}

/** The bytes of a data set received on a raw-store network (undefined for a parsed one). */
export function rawDataSetOf(dataset: dimse.Dataset | undefined): Buffer | undefined {
  return dataset ? rawBytes.get(dataset) : undefined;
}

/** Throws when the library no longer has the methods the set-up above wraps (an upgrade moved them). */
export function checkDimsePatches(): void {
  const proto = networkPrototype() as unknown as Record<string, unknown>;
  for (const name of ['createDatasetFromStoreWritableStream', 'sendAssociationRequest', 'createStoreWritableStream']) {
    if (typeof proto[name] !== 'function') throw new Error(`dcmjs-dimse ${dimse.version}: Network.${name} is gone`);
  }
  if (dimse.version !== '0.3.3') throw new Error(`dcmjs-dimse ${dimse.version}: re-check library.ts against this version`);
}

export { dimse };
