import {
  AzureAuthorityHosts,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import type { GraphCredentialConfig } from '../config/config';

export interface GraphCredentialOptions {
  readonly tenantId: string;
  /** Origin of Entra ID; anything but Microsoft's own (the offline sandbox) skips instance discovery. */
  readonly authorityHost: string;
  readonly credential: GraphCredentialConfig;
  /** A certificate authority the token endpoint's certificate is checked against instead of the public ones. */
  readonly caCertificatePem?: string | undefined;
}

const MICROSOFT_AUTHORITY_HOSTS = new Set<string>(Object.values(AzureAuthorityHosts));

/** The app-only identity Graph calls are made with: a client secret, a certificate or a managed identity. */
export function createGraphCredential(options: GraphCredentialOptions): TokenCredential {
  const known = MICROSOFT_AUTHORITY_HOSTS.has(options.authorityHost);
  const common: TokenCredentialOptions & { disableInstanceDiscovery?: boolean } = {
    authorityHost: options.authorityHost,
    // Instance discovery asks login.microsoftonline.com about the authority, which fails for any other host.
    ...(known ? {} : { disableInstanceDiscovery: true }),
    ...(options.caCertificatePem ? { tlsOptions: { ca: options.caCertificatePem } } : {}),
  };
  const { credential } = options;
  switch (credential.kind) {
    case 'secret':
      return new ClientSecretCredential(options.tenantId, credential.clientId, credential.secret, common);
    case 'certificate':
      return new ClientCertificateCredential(options.tenantId, credential.clientId, { certificatePath: credential.certificatePath }, common);
    case 'managedIdentity':
      return new ManagedIdentityCredential({ ...common, ...(credential.clientId ? { clientId: credential.clientId } : {}) });
  }
}
