import type { FormDefinitionData, LocalizedText } from './rules/form-definition';

/**
 * The events subgraphs exchange through the event log (see events.ts), by type. Producers own
 * their events; consumers keep projections of what they need and never read another subgraph's
 * tables. Payloads carry everything a consumer needs, so no consumer calls back.
 */
/** Where and when a provider receives applicants in person (service standard items 4-5), in both languages. */
export interface Reception {
  place: LocalizedText;
  hours: LocalizedText;
}

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
    /**
     * Added with contact verification (additive: an event without them predates it, and its contacts
     * count as unverified). Notices and codes go only to a verified email or phone.
     */
    emailVerified?: boolean;
    phoneVerified?: boolean;
    /** The holder withdrew consent (withdrawConsent): no sign-in, no notices beyond the one saying so. */
    closed?: boolean;
  };
  /**
   * A one-time code must reach the holder over `channel` at `destination` (the address being
   * verified, or a verified one for a password reset). The code is sealed with ONE_TIME_CODE_KEY
   * (kit one-time-codes.ts, context = codeId): only notifications opens it, to send it.
   */
  OneTimeCodeRequested: {
    codeId: string;
    userId: string;
    purpose: 'VERIFY_CONTACT' | 'PASSWORD_RESET';
    channel: 'EMAIL' | 'SMS';
    destination: string;
    preferredLanguage: 'KY' | 'RU';
    sealedCode: string;
    expiresAt: string;
  };
  /** The holder confirmed a contact with its code: it replaced the previous one (the holder gets a notice). */
  ContactVerified: { userId: string; channel: 'EMAIL' | 'PHONE'; value: string; previousValue: string | null; at: string };
  /** The password was reset with a one-time code; every session ended (the holder gets a notice). */
  PasswordReset: { userId: string; at: string; sessionsEnded: number; ip: string | null; channel: 'EMAIL' | 'SMS' };
  /** The holder withdrew consent to the terms and to personal-data processing: the account is closed. */
  ConsentWithdrawn: { userId: string; at: string; sessionsEnded: number; termsVersion: string | null };
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
    reason: 'LOGOUT' | 'REUSE_DETECTED' | 'USER_BLOCKED' | 'ACCOUNT_TAKEN_OVER' | 'ENDED_BY_USER' | 'PASSWORD_CHANGED' | 'PASSWORD_RESET' | 'CONSENT_WITHDRAWN';
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
    /** the standard returns the fee when the provider refuses (absent in events before the catalogue carried it: false) */
    feeReturnedOnRefusal?: boolean;
    budgetCode: string | null;
    deadlineWorkingDays: number;
    signatureLevel: 'SIMPLE' | 'QUALIFIED';
    appealProcedure: LocalizedText;
    form: FormDefinitionData;
    /** The documents the standard requires (absent in events before they were carried: none known). */
    requiredDocuments?: Array<{ code: string; title: LocalizedText; obtainedByPortal: boolean }>;
    /** The fields below are absent in events before result forms (v2): no visit, a portal result, free-form, no record option. */
    personalVisitRequired?: boolean;
    resultDelivery?: 'PORTAL' | 'IN_PERSON';
    /** the form of the result the officer fills. */
    resultForm?: FormDefinitionData | null;
    /** Where and when applicants come in person (S items 4-5). */
    reception?: Reception | null;
    /** the applicant may choose the result as an information-system record. */
    resultAsRecordAllowed?: boolean;
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
  /**
   * The operator named (or cleared) the higher body that answers complaints about a provider
   * itself a catalogue provider; `version` counts the provider's appeal-body changes.
   */
  ProviderAppealBodyConfigured: {
    providerId: string;
    providerCode: string;
    version: number;
    appealBody: { providerId: string; code: string; name: LocalizedText } | null;
    /** null: the demo seed */
    changedBy: string | null;
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
    /**
     * Added in v2 (absent in earlier events), set on AWAITING_PAYMENT: the decision deadline that holds
     * if the fee is confirmed by `paidBy` (R-35.1; the count is suspended until payment, R-40).
     */
    dueAtIfPaidBy?: { paidBy: string; dueAt: string } | null;
    /**
     * Added in v2 (absent in earlier events). On acceptance of a service that requires a personal
     * visit, and on APPROVED when the result is handed over in person: where and when to come.
     */
    reception?: Reception | null;
    /** v2, set on acceptance: the service requires the applicant to come in person. */
    personalVisitRequired?: boolean | null;
    /** v2, set on APPROVED: how the result reaches the applicant and in which form they chose. */
    resultDelivery?: 'PORTAL' | 'IN_PERSON' | null;
    resultFormat?: 'DOCUMENT' | 'INFORMATION_SYSTEM_RECORD' | null;
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

  /**
   * The applicant rated the service of a decided application, or changed the score; no comment
   * and no person in it: the open-data projection (L-12) counts it. Added in v2.
   */
  ApplicationRated: { applicationId: string; serviceId: string; providerId: string; score: number; ratedAt: string };

  /**
   * Retention: the applicant's draft, untouched since lastChangedAt, will be removed at
   * removalAt unless it is changed before then; emitted once per last change.
   */
  DraftExpiring: { applicationId: string; applicantId: string; serviceTitle: LocalizedText; lastChangedAt: string; removalAt: string };
  /** Retention: the draft was removed after its retention period and the notice. */
  DraftRemoved: { applicationId: string; applicantId: string; lastChangedAt: string; removedAt: string };
  /** Retention: a final application was archived after its retention year; it stays readable. */
  ApplicationArchived: { applicationId: string; number: string | null; providerId: string; status: string; archivedAt: string };
  /**
   * A complaint about a provider's decision, action or inaction changed state: filed
   * (FILED; REGISTERED with the appeal body at once when the provider has one), UNDER_REVIEW, then
   * UPHELD or DISMISSED with the body's motivated answer. `version` counts the appeal's changes.
   * The recipients are named here (the applications subgraph knows the officers), so notices need no lookup.
   */
  AppealChanged: {
    appealId: string;
    version: number;
    applicationId: string;
    applicationNumber: string | null;
    serviceTitle: LocalizedText;
    applicantId: string;
    providerId: string;
    subject: 'DECISION' | 'ACTION' | 'INACTION';
    from: string | null;
    to: 'FILED' | 'REGISTERED' | 'UNDER_REVIEW' | 'UPHELD' | 'DISMISSED';
    at: string;
    appealBody: { providerId: string; code: string; name: LocalizedText } | null;
    /** the body's answer deadline, set from REGISTERED on */
    dueAt: string | null;
    /** UPHELD, DISMISSED: the motivated answer */
    answer: string | null;
    /** UPHELD: the status the application was reopened in (null when it stays where it is) */
    reopenedTo: string | null;
    /** officers of the provider to tell (the executor, else every officer of the provider) */
    providerOfficerIds: string[];
    /** officers of the appeal body to tell of a new complaint (REGISTERED) */
    appealBodyOfficerIds: string[];
  };

  /** The appeal body let its answer deadline pass (administrative-procedure law); emitted once per complaint. */
  AppealOverdue: {
    appealId: string;
    applicationId: string;
    applicationNumber: string | null;
    serviceTitle: LocalizedText;
    applicantId: string;
    subject: 'DECISION' | 'ACTION' | 'INACTION';
    appealBody: { providerId: string; code: string; name: LocalizedText };
    dueAt: string;
    detectedAt: string;
    /** officers of the appeal body to remind */
    appealBodyOfficerIds: string[];
  };

  // payments
  PaymentConfirmed: { accrualId: string; applicationId: string; payerId: string; amountMinor: number; receiptNumber: string; paidAt: string };
  AccrualCreated: { accrualId: string; applicationId: string; payerId: string; uin: string; amountMinor: number };
  /**
   * The payment system returned a paid fee (the application was withdrawn, or refused where the
   * standard returns the fee): the accrual is REFUNDED and a refund receipt issued. Once per accrual.
   */
  RefundCompleted: {
    refundId: string;
    accrualId: string;
    applicationId: string;
    payerId: string;
    amountMinor: number;
    uin: string;
    receiptNumber: string;
    completedAt: string;
    /** why the fee was returned, in both languages */
    reason: LocalizedText;
  };

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
    /** the root field of the subgraph request that read it; for a register read (via 'tunduk'), the X-Road service id */
    operation: string | null;
    /** Set when the portal read the data from a state register through Tunduk (actor null): shown with the register as the reader. */
    via?: 'tunduk';
    requestId: string;
    at: string;
  };

  // notifications
  NotificationCreated: { notificationId: string; userId: string; applicationId: string | null; type: string };
}

export type EventType = keyof EventPayloads;
