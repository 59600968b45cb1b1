/**
 * Fixed ids of the demo services: other subgraphs' seeds and tests refer to them.
 * Fees: paid = GRS_BIRTH_CERTIFICATE_DUPLICATE, GRS_ID_CARD_REPLACEMENT, GRS_MARRIAGE_REGISTRATION,
 * MINJUST_LEGAL_ENTITY_REGISTRATION, MINJUST_LEGAL_ENTITY_REGISTER_EXTRACT,
 * BISHKEK_OUTDOOR_ADVERTISING_PERMIT, BISHKEK_ARCHITECTURAL_PLANNING_ASSIGNMENT; the rest are free.
 * QUALIFIED signature: MINJUST_LEGAL_ENTITY_REGISTRATION and the three BISHKEK_* services.
 */
export const DEMO_SERVICE_IDS = {
  /** mvd-no-criminal-record: free, SIMPLE, FULL, portal. */
  MVD_NO_CRIMINAL_RECORD: '7c1e2d3a-4b5c-4d6e-8f70-000000000101',
  /** grs-birth-certificate-duplicate: 200 som, SIMPLE, PARTIAL, in person. */
  GRS_BIRTH_CERTIFICATE_DUPLICATE: '7c1e2d3a-4b5c-4d6e-8f70-000000000201',
  /** grs-residence-registration: free, SIMPLE, FULL, portal. */
  GRS_RESIDENCE_REGISTRATION: '7c1e2d3a-4b5c-4d6e-8f70-000000000202',
  /** grs-id-card-replacement: 500 som, SIMPLE, PARTIAL, in person. */
  GRS_ID_CARD_REPLACEMENT: '7c1e2d3a-4b5c-4d6e-8f70-000000000203',
  /** grs-marriage-registration: 200 som, SIMPLE, PARTIAL, in person. */
  GRS_MARRIAGE_REGISTRATION: '7c1e2d3a-4b5c-4d6e-8f70-000000000204',
  /** minjust-legal-entity-registration: 300 som, QUALIFIED, FULL, portal. */
  MINJUST_LEGAL_ENTITY_REGISTRATION: '7c1e2d3a-4b5c-4d6e-8f70-000000000301',
  /** minjust-legal-entity-register-extract: 100 som, SIMPLE, FULL, portal. */
  MINJUST_LEGAL_ENTITY_REGISTER_EXTRACT: '7c1e2d3a-4b5c-4d6e-8f70-000000000302',
  /** bishkek-building-permit: free, QUALIFIED, PARTIAL, portal. */
  BISHKEK_BUILDING_PERMIT: '7c1e2d3a-4b5c-4d6e-8f70-000000000401',
  /** bishkek-outdoor-advertising-permit: 1000 som, QUALIFIED, PARTIAL, portal. */
  BISHKEK_OUTDOOR_ADVERTISING_PERMIT: '7c1e2d3a-4b5c-4d6e-8f70-000000000402',
  /** bishkek-architectural-planning-assignment: 1500 som, QUALIFIED, PARTIAL, in person. */
  BISHKEK_ARCHITECTURAL_PLANNING_ASSIGNMENT: '7c1e2d3a-4b5c-4d6e-8f70-000000000403',
  /** sts-sole-proprietor-registration: free, SIMPLE, FULL, portal. */
  STS_SOLE_PROPRIETOR_REGISTRATION: '7c1e2d3a-4b5c-4d6e-8f70-000000000501',
  /** sts-taxpayer-registration-certificate: free, SIMPLE, FULL, portal. */
  STS_TAXPAYER_REGISTRATION_CERTIFICATE: '7c1e2d3a-4b5c-4d6e-8f70-000000000502',
  /** sts-no-tax-arrears-certificate: free, SIMPLE, FULL, portal. */
  STS_NO_TAX_ARREARS_CERTIFICATE: '7c1e2d3a-4b5c-4d6e-8f70-000000000503',
} as const;

export type DemoServiceKey = keyof typeof DEMO_SERVICE_IDS;

/** The stable code of each demo service. */
export const DEMO_SERVICE_CODES: Record<DemoServiceKey, string> = {
  MVD_NO_CRIMINAL_RECORD: 'mvd-no-criminal-record',
  GRS_BIRTH_CERTIFICATE_DUPLICATE: 'grs-birth-certificate-duplicate',
  GRS_RESIDENCE_REGISTRATION: 'grs-residence-registration',
  GRS_ID_CARD_REPLACEMENT: 'grs-id-card-replacement',
  GRS_MARRIAGE_REGISTRATION: 'grs-marriage-registration',
  MINJUST_LEGAL_ENTITY_REGISTRATION: 'minjust-legal-entity-registration',
  MINJUST_LEGAL_ENTITY_REGISTER_EXTRACT: 'minjust-legal-entity-register-extract',
  BISHKEK_BUILDING_PERMIT: 'bishkek-building-permit',
  BISHKEK_OUTDOOR_ADVERTISING_PERMIT: 'bishkek-outdoor-advertising-permit',
  BISHKEK_ARCHITECTURAL_PLANNING_ASSIGNMENT: 'bishkek-architectural-planning-assignment',
  STS_SOLE_PROPRIETOR_REGISTRATION: 'sts-sole-proprietor-registration',
  STS_TAXPAYER_REGISTRATION_CERTIFICATE: 'sts-taxpayer-registration-certificate',
  STS_NO_TAX_ARREARS_CERTIFICATE: 'sts-no-tax-arrears-certificate',
};
