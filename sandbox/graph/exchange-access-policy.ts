import type { SandboxUser } from './contracts';

/**
 * The app's Exchange application access policy (New-ApplicationAccessPolicy -AccessRight RestrictAccess):
 * one policy for every Exchange API, so mail and calendar calls are scoped alike. The static scope comes
 * from the sandbox's options; tests narrow it further at run time (`faults.denyMailboxAccess`).
 */
export class ExchangeAccessPolicy {
  private denyAll = false;
  private readonly denied = new Set<string>();

  /** @param scope lower-cased mailboxes (ids, UPNs or addresses) the policy lets in; null: no policy, any mailbox. */
  constructor(readonly scope: readonly string[] | null) {}

  deny(mailbox: string | undefined): void {
    if (mailbox === undefined) this.denyAll = true;
    else this.denied.add(mailbox.toLowerCase());
  }

  reset(): void {
    this.denyAll = false;
    this.denied.clear();
  }

  admits(mailbox: SandboxUser): boolean {
    if (this.denyAll) return false;
    const names = [mailbox.id, mailbox.userPrincipalName, mailbox.mail ?? ''].map((name) => name.toLowerCase()).filter((name) => name !== '');
    if (names.some((name) => this.denied.has(name))) return false;
    return this.scope === null || names.some((name) => this.scope?.includes(name));
  }
}
