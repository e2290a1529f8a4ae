/**
 * DICOMweb transport details Orthanc's default set-up does not exercise, against small local servers:
 * bearer and basic credentials (401 coded PACS_AUTH_FAILED), a TLS server signed by a private CA (refused
 * without the CA file, accepted with it), and a multipart/related answer split into odd chunks.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomwebConnection } from '../../../../src-main/core/pacs/dicomweb/connection';
import { part10File } from '../../../../src-main/core/pacs/part10';
import type { DicomwebNode } from '../../../../src-main/core/pacs/types';

const run = promisify(execFile);
let dir: string;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function listen(handler: Handler): Promise<{ url: string; close: () => void }> {
  const server = createHttp(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/dicom-web`, close: () => server.close() })),
  );
}

const base = (url: string): DicomwebNode => ({ id: 'w', name: 'W', protocol: 'dicomweb', baseUrl: url, auth: 'none', timeoutS: 5 });
const studies: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/dicom+json' });
  res.end('[]');
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'echoing-dicomweb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('credentials', () => {
  it('sends the bearer token or basic credentials, and codes a refusal as PACS_AUTH_FAILED', async () => {
    const seen: (string | undefined)[] = [];
    const server = await listen((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization === 'Bearer good' || req.headers.authorization === `Basic ${Buffer.from('ann:pw').toString('base64')}`) return studies(req, res);
      res.writeHead(401).end();
    });
    try {
      for (const [node, secret, ok] of [
        [{ ...base(server.url), auth: 'bearer' as const }, 'good', true],
        [{ ...base(server.url), auth: 'bearer' as const }, 'bad', false],
        [{ ...base(server.url), auth: 'basic' as const, username: 'ann' }, 'pw', true],
      ] as const) {
        const c = dicomwebConnection(node, secret);
        if (ok) await expect(c.echo()).resolves.toMatchObject({ protocol: 'dicomweb' });
        else await expect(c.echo()).rejects.toMatchObject({ code: 'PACS_AUTH_FAILED' });
        await c.close();
      }
      expect(seen).toEqual(['Bearer good', 'Bearer bad', `Basic ${Buffer.from('ann:pw').toString('base64')}`]);
      expect(() => dicomwebConnection({ ...base(server.url), auth: 'bearer' }, undefined)).toThrow(expect.objectContaining({ code: 'PACS_AUTH_FAILED' }));
    } finally {
      server.close();
    }
  });
});

describe('TLS with a private CA', () => {
  it('refuses the server without the CA file and trusts it with it', async () => {
    const ca = join(dir, 'ca.pem');
    const caKey = join(dir, 'ca.key');
    const key = join(dir, 'server.key');
    const csr = join(dir, 'server.csr');
    const cert = join(dir, 'server.pem');
    const ext = join(dir, 'ext.cnf');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=Test Hospital CA']);
    await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1']);
    await writeFile(ext, 'subjectAltName=IP:127.0.0.1\n');
    await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
    const server = createHttps({ key: await readFile(key), cert: await readFile(cert) }, studies);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/dicom-web`;
    try {
      const untrusted = dicomwebConnection(base(url), undefined);
      await expect(untrusted.echo()).rejects.toMatchObject({ code: 'PACS_TLS_FAILED' });
      await untrusted.close();
      const trusted = dicomwebConnection({ ...base(url), caFile: ca }, undefined);
      await expect(trusted.echo()).resolves.toMatchObject({ protocol: 'dicomweb' });
      await trusted.close();
    } finally {
      server.close();
    }
  });
});

describe('WADO-RS multipart', () => {
  it('reads a part split across many small chunks, and codes a 404 per instance', async () => {
    const uid = '1.2.3.4';
    const file = part10File({ sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1', sopInstanceUid: uid, transferSyntaxUid: '1.2.840.10008.1.2.1' }, Buffer.alloc(5000, 7));
    const boundary = 'b0undary-xyz';
    const body = Buffer.concat([
      Buffer.from(`preamble\r\n--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const server = await listen((req, res) => {
      if (!req.url?.endsWith(uid)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` });
      let at = 0;
      const step = () => {
        if (at >= body.length) return void res.end();
        res.write(body.subarray(at, at + 97));
        at += 97;
        setImmediate(step);
      };
      step();
    });
    try {
      const c = dicomwebConnection(base(server.url), undefined);
      const got: Buffer[] = [];
      const failed: string[] = [];
      const inst = (sop: string) => ({ studyUid: '1.2', seriesUid: '1.2.3', sopInstanceUid: sop, sopClassUid: '1.2.840.10008.5.1.4.1.1.9.1.1', instanceNumber: '1' });
      await c.retrieve([inst(uid), inst('1.2.3.9')], 'wado', {
        received: async (_i, part10) => void got.push(Buffer.from(part10)),
        failed: (sop, code) => void failed.push(`${sop}:${code}`),
      });
      await c.close();
      expect(got).toHaveLength(1);
      expect(got[0]?.equals(file)).toBe(true);
      expect(failed).toEqual(['1.2.3.9:PACS_NOT_FOUND']);
    } finally {
      server.close();
    }
  });
});
