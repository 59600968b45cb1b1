import type { FormDefinitionData, LocalizedText } from './rules/form-definition';

/**
 * The events subgraphs exchange through the event log (see events.ts), by type. Producers own
 * their events; consumers keep projections of what they need and never read another subgraph's
 * tables. Payloads carry everything a consumer needs, so no consumer calls back.
 */
export interface EventPayloads {
  // identity
  UserProfileChanged: {
    userId: string;
    kind: 'INDIVIDUAL' | 'LEGAL_ENTITY';
    pin: string;
    fullName: string;
    birthDate: string | null;
    address: string | null;
    email: string | null;
    phone: string | null;
    preferredLanguage: 'KY' | 'RU';
    roles: Array<'CITIZEN' | 'PROVIDER_OFFICER' | 'OPERATOR'>;
    providerId: string | null;
    blocked: boolean;
    /** v2 (absent in older events): PIN, name and birth date matched the population register, or national-ID sign-in. */
    identityVerified?: boolean;
  };
  SigningKeyRegistered: {
    keyId: string;
    userId: string;
    level: 'SIMPLE' | 'QUALIFIED';
    publicKeyJwk: Record<string, unknown>;
    certificateSubject: string | null;
    /** QUALIFIED keys (absent in events before certificates were carried): the certificate's issuer DN, serial (hex), end of validity (ISO). */
    certificateIssuer?: string | null;
    certificateSerialNumber?: string | null;
    certificateNotAfter?: string | null;
    /** QUALIFIED keys: PEMs, leaf first, trusted root excluded; checked again at the time of signing. */
    certificateChainPem?: string[] | null;
  };
  SigningKeyRevoked: { keyId: string; userId: string; revokedAt: string };
  /** Sign-in sessions ended (logout, refresh-token reuse, blocking, takeover): their access tokens stop working at once. */
  SessionsEnded: {
    userId: string;
    sessionIds: string[];
    endedAt: string;
    /** ENDED_BY_USER: endSession from the cabinet; PASSWORD_CHANGED: every other session at changePassword. */
    reason: 'LOGOUT' | 'REUSE_DETECTED' | 'USER_BLOCKED' | 'ACCOUNT_TAKEN_OVER' | 'ENDED_BY_USER' | 'PASSWORD_CHANGED';
    /** ENDED_BY_USER: how and from where the ended session had signed in, for the holder's notice. */
    method?: string | null;
    ip?: string | null;
    userAgent?: string | null;
  };
  /** The holder changed their password from a session; every other session ended (the holder gets a notice). */
  PasswordChanged: { userId: string; at: string; sessionsEnded: number; ip: string | null; userAgent: string | null };
  /** The holder accepted a version of the terms of use (recorded in identity's consent table). */
  TermsAccepted: { userId: string; termsVersion: string; at: string; previousVersion: string | null };
  /**
   * A person signed in through the national identification system with the PIN of a password
   * account never linked to it: the verified identity took the account over, and the earlier
   * password, sessions and signing keys were revoked (the holder gets a notice).
   */
  AccountTakenOverByNationalId: {
    userId: string;
    at: string;
    passwordCleared: boolean;
    sessionsEnded: number;
    signingKeysRevoked: number;
    preferredLanguage: 'KY' | 'RU';
  };

  // catalog
  ServiceVersionPublished: {
    serviceId: string;
    version: number;
    code: string;
    providerId: string;
    providerCode: string;
    providerName: LocalizedText;
    title: LocalizedText;
    /** null when free; tyiyn */
    feeMinor: number | null;
    budgetCode: string | null;
    deadlineWorkingDays: number;
    signatureLevel: 'SIMPLE' | 'QUALIFIED';
    appealProcedure: LocalizedText;
    form: FormDefinitionData;
    /** The documents the standard requires (absent in events before they were carried: none known). */
    requiredDocuments?: Array<{ code: string; title: LocalizedText; obtainedByPortal: boolean }>;
  };
  /**
   * The operator moved a provider to its EDMS (endpoint and public key) or back to the portal's
   * cabinet; `version` counts the provider's channel changes, so a late event never undoes a newer one.
   */
  ProviderChannelConfigured: {
    providerId: string;
    providerCode: string;
    version: number;
    channel: 'PORTAL' | 'EDMS';
    /** EDMS: where applications are delivered; null for PORTAL. */
    endpointUrl: string | null;
    /** EDMS: the public JWK its status updates are verified with; null for PORTAL. */
    publicKeyJwk: Record<string, unknown> | null;
    changedBy: string;
    at: string;
  };

  // applications
  ApplicationStatusChanged: {
    applicationId: string;
    number: string | null;
    applicantId: string;
    providerId: string;
    serviceId: string;
    serviceVersion: number;
    serviceTitle: LocalizedText;
    from: string | null;
    to: string;
    at: string;
    reason: string | null;
    /** the service's appeal procedure, set on REFUSED and REJECTED */
    appealProcedure: LocalizedText | null;
    /** set when the change asks for payment (AWAITING_PAYMENT) */
    payment: { amountMinor: number; payerPin: string; budgetCode: string | null; purpose: LocalizedText } | null;
    dueAt: string | null;
    intakeDueAt: string | null;
    /** set on APPROVED */
    resultDocumentNumber: string | null;
  };

  /**
   * The provider missed a deadline: the intake notice (SUBMITTED past intakeDueAt) or the
   * decision (IN_REVIEW past dueAt). Emitted once per application and deadline.
   */
  ApplicationOverdue: {
    applicationId: string;
    number: string | null;
    applicantId: string;
    providerId: string;
    serviceTitle: LocalizedText;
    deadline: 'INTAKE' | 'DECISION';
    dueAt: string;
    status: string;
    detectedAt: string;
  };

  // payments
  PaymentConfirmed: { accrualId: string; applicationId: string; payerId: string; amountMinor: number; receiptNumber: string; paidAt: string };
  AccrualCreated: { accrualId: string; applicationId: string; payerId: string; uin: string; amountMinor: number };

  // every subgraph that serves personal data (see data-access.ts); identity keeps them in the subject's access log
  /** Someone read another person's personal data: who, in what role, why, which fields, for which application. */
  PersonalDataRead: {
    subjectUserId: string;
    actorUserId: string | null;
    actorRole: 'CITIZEN' | 'PROVIDER_OFFICER' | 'OPERATOR' | null;
    actorProviderId: string | null;
    purpose: 'PROVIDER_APPLICATION_PROCESSING' | 'PORTAL_ADMINISTRATION' | 'OFFICIAL_PROFILE' | 'IDENTITY_VERIFICATION';
    /** e.g. "pin", "application.data", "result.document" */
    fields: string[];
    applicationId: string | null;
    applicationNumber: string | null;
    /** the root field of the subgraph request that read it */
    operation: string | null;
    requestId: string;
    at: string;
  };

  // notifications
  NotificationCreated: { notificationId: string; userId: string; applicationId: string | null; type: string };
}

export type EventType = keyof EventPayloads;
