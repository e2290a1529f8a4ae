import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { pacsNodeSchema } from '../../contract/pacs';
import { CoreError } from '../errors';
import type { PacsNode } from './types';

/** The nodes file in the data folder: hand-editable JSON, never holding a secret. */
export const PACS_NODES_FILE = 'pacs-nodes.json';

const fileSchema = z
  .object({
    version: z.literal(1),
    defaultNodeId: z.string().nullable().default(null),
    nodes: z.array(pacsNodeSchema).max(200),
  })
  .strict();

export interface PacsConfig {
  defaultNodeId: string | null;
  nodes: PacsNode[];
}

/**
 * Reads and writes the configured PACS nodes (<dataDir>/pacs-nodes.json). A missing file is an empty list;
 * a damaged one is a PACS_CONFIG_INVALID error naming the field, never silently replaced (the user's
 * hand edits are kept until they fix them).
 */
export class PacsNodeStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, PACS_NODES_FILE);
  }

  async load(): Promise<PacsConfig> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return { defaultNodeId: null, nodes: [] };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new CoreError('PACS_CONFIG_INVALID', `${PACS_NODES_FILE} is not valid JSON: fix or remove it.`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CoreError('PACS_CONFIG_INVALID', `${PACS_NODES_FILE}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}.`);
    }
    const ids = new Set<string>();
    for (const n of parsed.data.nodes) {
      if (ids.has(n.id)) throw new CoreError('PACS_CONFIG_INVALID', `${PACS_NODES_FILE}: the node id "${n.id}" appears twice.`);
      ids.add(n.id);
    }
    const def = parsed.data.defaultNodeId;
    return { defaultNodeId: def !== null && ids.has(def) ? def : (parsed.data.nodes[0]?.id ?? null), nodes: parsed.data.nodes };
  }

  async save(config: PacsConfig): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ version: 1, ...config }, null, 2)}\n`, 'utf8');
    await rename(tmp, this.file);
  }

  /** The node with this id, or the default node when `id` is absent. */
  async node(id?: string): Promise<PacsNode> {
    const config = await this.load();
    const wanted = id ?? config.defaultNodeId;
    const node = config.nodes.find((n) => n.id === wanted);
    if (!node) {
      throw new CoreError(
        'PACS_NODE_UNKNOWN',
        id === undefined ? 'No PACS is configured yet: add one in the PACS settings.' : `There is no PACS node "${id}" in the settings.`,
      );
    }
    return node;
  }

  async upsert(node: PacsNode, makeDefault = false): Promise<PacsConfig> {
    const config = await this.load();
    const i = config.nodes.findIndex((n) => n.id === node.id);
    if (i >= 0) config.nodes[i] = node;
    else config.nodes.push(node);
    if (makeDefault || config.defaultNodeId === null) config.defaultNodeId = node.id;
    await this.save(config);
    return config;
  }

  async remove(id: string): Promise<PacsConfig> {
    const config = await this.load();
    config.nodes = config.nodes.filter((n) => n.id !== id);
    if (config.defaultNodeId === id) config.defaultNodeId = config.nodes[0]?.id ?? null;
    await this.save(config);
    return config;
  }
}
