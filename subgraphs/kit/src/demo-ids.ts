/**
 * Fixed identifiers of the demo seed, shared so that each subgraph's seed refers to the same
 * providers and people without reading another subgraph's tables.
 */
export const DEMO_PROVIDERS = {
  /** Ministry of Internal Affairs (certificates of no criminal record). */
  MVD: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
  /** State Agency for Registration of Population and Civil Status Acts under the Cabinet (Tunduk / passports, civil registry). */
  GRS: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0002',
  /** Ministry of Justice (registration of legal entities and sole proprietors). */
  MINJUST: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0003',
  /** Bishkek City Hall (municipal services: building permits, trade). */
  BISHKEK_MERIA: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0004',
  /** State Tax Service. */
  STS: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0005',
} as const;

export const DEMO_USERS = {
  OPERATOR: 'a5d1e7c2-3b1f-4c8e-9d70-000000000001',
  CITIZEN_AIGUL: 'a5d1e7c2-3b1f-4c8e-9d70-000000000101',
  CITIZEN_BAKYT: 'a5d1e7c2-3b1f-4c8e-9d70-000000000102',
  OFFICER_MVD: 'a5d1e7c2-3b1f-4c8e-9d70-000000000201',
  OFFICER_GRS: 'a5d1e7c2-3b1f-4c8e-9d70-000000000202',
  OFFICER_MINJUST: 'a5d1e7c2-3b1f-4c8e-9d70-000000000203',
  OFFICER_BISHKEK_MERIA: 'a5d1e7c2-3b1f-4c8e-9d70-000000000204',
  OFFICER_STS: 'a5d1e7c2-3b1f-4c8e-9d70-000000000205',
  EXECUTOR_MVD: 'a5d1e7c2-3b1f-4c8e-9d70-000000000211',
} as const;
