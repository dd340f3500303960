import { generate } from 'selfsigned';

export interface LoopbackCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * A fresh self-signed certificate for the loopback server, made at start-up so nothing secret is
 * committed. Clients must trust it explicitly (see trust.ts): NODE_EXTRA_CA_CERTS is read only when
 * a process starts, before this certificate exists.
 * The SAN carries both IP 127.0.0.1 and DNS localhost, because TLS clients check the SAN, not the CN.
 */
export async function createLoopbackCertificate(): Promise<LoopbackCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 7 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'graph-sandbox.localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}
