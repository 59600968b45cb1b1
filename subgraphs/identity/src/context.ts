import type { SubgraphContext } from '@portal/kit';
import type { AccountService } from './account/account.service';
import type { IdentityConfig } from './config';
import type { DataAccessService } from './data-access/data-access.service';
import type { NationalIdService } from './national-id/national-id.service';
import type { RegistryService } from './registry/registry.service';
import type { ProviderApplicants } from './provider-applicant/provider-applicant.service';
import type { AccessTokenIssuer } from './session/access-token';
import type { SessionService } from './session/session.service';
import type { SigningKeyService } from './signing-key/signing-key.service';
import type { LoginThrottle } from './throttle/throttle.service';
import type { PasswordHasher } from './user/password-hash';
import type { UserService } from './user/user.service';

/** Long-lived services of one running identity subgraph; each call takes the per-request context. */
export interface IdentityServices {
  config: IdentityConfig;
  tokens: AccessTokenIssuer;
  passwords: PasswordHasher;
  users: UserService;
  account: AccountService;
  sessions: SessionService;
  signingKeys: SigningKeyService;
  nationalId: NationalIdService;
  dataAccess: DataAccessService;
  throttle: LoginThrottle;
  providerApplicants: ProviderApplicants;
  /** The population and legal-entity registers through Tunduk, and identity's message log. */
  registry: RegistryService;
}

export interface IdentityContext extends SubgraphContext {
  identity: IdentityServices;
}
