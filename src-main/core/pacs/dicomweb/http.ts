import { readFileSync } from 'node:fs';
import { Agent, fetch, type Response } from 'undici';
import { CoreError } from '../../errors';
import type { DicomwebNode } from '../types';

/**
 * HTTP for one DICOMweb node: undici's fetch with one keep-alive Agent per node (the private CA file, when
 * configured, is trusted by that Agent only), the Authorization header from the secret store, timeouts,
 * and every failure mapped to a PACS_* code. URLs and credentials never appear in messages or logs.
 */
export interface DicomwebHttp {
  get(path: string, accept: string, signal?: AbortSignal): Promise<Response>;
  close(): Promise<void>;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function causeCode(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

/** A fetch failure (thrown, not an HTTP status) as a coded error. */
export function fetchError(error: unknown, node: DicomwebNode, signal?: AbortSignal): CoreError {
  if (error instanceof CoreError) return error;
  if (signal?.aborted) return new CoreError('CANCELLED', 'The PACS operation was cancelled.');
  const code = causeCode(error);
  const where = new URL(node.baseUrl).host;
  if ((error as { name?: string }).name === 'TimeoutError' || TIMEOUT_CODES.has(code)) {
    return new CoreError('PACS_TIMEOUT', `The DICOMweb service at ${where} did not answer in time.`, error);
  }
  if (TLS_CODES.has(code) || /CERT|SSL|TLS/.test(code)) {
    return new CoreError('PACS_TLS_FAILED', `The TLS certificate of ${where} is not trusted (${code}): set the hospital CA file for this node.`, error);
  }
  if (code === 'ECONNREFUSED') return new CoreError('PACS_CONNECTION_FAILED', `Nothing answers at ${where}: check the URL and port.`, error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CoreError('PACS_CONNECTION_FAILED', `The host of ${where} cannot be found.`, error);
  return new CoreError('PACS_CONNECTION_FAILED', `The connection to the DICOMweb service at ${where} failed (${code || 'closed'}).`, error);
}

/** An HTTP status other than 2xx as a coded error. */
export function statusError(status: number, what: string): CoreError {
  if (status === 401 || status === 403) {
    return new CoreError('PACS_AUTH_FAILED', `The DICOMweb service refused the credentials (HTTP ${status}): check the token or user name and password.`);
  }
  if (status === 404) return new CoreError('PACS_NOT_FOUND', `The DICOMweb service does not have ${what} (HTTP 404).`);
  if (status === 408 || status === 504) return new CoreError('PACS_TIMEOUT', `The DICOMweb service timed out answering for ${what} (HTTP ${status}).`);
  return new CoreError('PACS_PROTOCOL_ERROR', `The DICOMweb service answered HTTP ${status} for ${what}.`);
}

function authorization(node: DicomwebNode, secret: string | undefined): string | undefined {
  if (node.auth === 'none') return undefined;
  if (secret === undefined) {
    throw new CoreError('PACS_AUTH_FAILED', `No ${node.auth === 'bearer' ? 'token' : 'password'} is stored for the PACS "${node.name}": enter it in the PACS settings.`);
  }
  if (node.auth === 'bearer') return `Bearer ${secret}`;
  return `Basic ${Buffer.from(`${node.username ?? ''}:${secret}`, 'utf8').toString('base64')}`;
}

export function dicomwebHttp(node: DicomwebNode, secret: string | undefined): DicomwebHttp {
  const auth = authorization(node, secret);
  let ca: Buffer | undefined;
  if (node.caFile) {
    try {
      ca = readFileSync(node.caFile);
    } catch (error) {
      throw new CoreError('PACS_TLS_FAILED', `The CA file set for the PACS "${node.name}" cannot be read.`, error);
    }
  }
  const timeoutMs = node.timeoutS * 1000;
  const agent = new Agent({
    connect: { timeout: timeoutMs, ...(ca ? { ca } : {}) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: 8,
  });
  const base = node.baseUrl.replace(/\/+$/, '');
  return {
    async get(path, accept, signal) {
      const headers: Record<string, string> = { accept };
      if (auth) headers.authorization = auth;
      try {
        return await fetch(`${base}${path}`, { headers, dispatcher: agent, signal, redirect: 'error' });
      } catch (error) {
        throw fetchError(error, node, signal);
      }
    },
    close: () => agent.close(),
  };
}
