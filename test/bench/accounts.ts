import { DEFAULT_MAX_ACCESS_TOKEN_TTL_SECONDS } from '@portal/gateway';
import { AccessTokenIssuer, generateSigningKey } from '@portal/identity';
import type { LanguageCode, RoleCode } from '@portal/kit';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';

/**
 * Thousands of accounts for the push benchmark and its tests, made in a few SQL statements instead
 * of thousands of registrations and password logins: the rows go straight into identity's tables
 * (user_account with a PIN, birth date and phone, identity checked against the population register
 * as verified registration leaves it, and a session), and their access tokens are issued with
 * the identity subgraph's own signing key, which the platform was started with (`env`).
 */
export interface AccountFactory {
  /** Start the platform with this environment, so identity signs with the key the factory holds. */
  env: { IDENTITY_SIGNING_KEY: string };
  /** Inserts `count` accounts with one session each and returns them with a fresh access token. */
  create(databaseUrl: string, options: SeedOptions): Promise<SeededAccount[]>;
}

export interface SeedOptions {
  count: number;
  roles: RoleCode[];
  /** Required for PROVIDER_OFFICER. */
  providerId?: string | null;
  language?: LanguageCode;
}

export interface SeededAccount {
  userId: string;
  sessionId: string;
  /** What the account holds about the person (forms need it: other subgraphs learn of these accounts from no event). */
  person: { pin: string; fullName: string; birthDate: string; phone: string };
  accessToken: string;
}

/** The longest the gateway accepts: issue them just before use. */
const TOKEN_TTL_SECONDS = DEFAULT_MAX_ACCESS_TOKEN_TTL_SECONDS;

export function accountFactory(): AccountFactory {
  const signingKey = generateSigningKey();
  const issuer = new AccessTokenIssuer(signingKey, TOKEN_TTL_SECONDS);
  return {
    env: { IDENTITY_SIGNING_KEY: JSON.stringify(signingKey) },
    async create(databaseUrl, options) {
      const language = options.language ?? 'KY';
      // one random base per batch numbers the people: PIN (G DDMMYYYY NNNNN) and phone follow from the number, so both are unique
      const base = randomInt(0, 900_000_000);
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const created = await client.query<{ user_id: string; session_id: string; pin: string; full_name: string; birth_date: string; phone: string }>(
          `with people as (
             select n, date '1960-01-01' + (n / 90000)::int as birth
             from (select $1::bigint + g as n from generate_series(1, $5::int) g) numbered
           ), accounts as (
             insert into identity.user_account (id, kind, pin, full_name, birth_date, phone, preferred_language, roles, provider_id, identity_verified_at, identity_verified_by)
             select gen_random_uuid(), 'INDIVIDUAL', '1' || to_char(birth, 'DDMMYYYY') || lpad((10000 + n % 90000)::text, 5, '0'), 'Bench Account ' || n, birth,
                    '+996' || lpad(n::text, 9, '0'), $2, $3::text[], $4::uuid, now(), 'POPULATION_REGISTER'
             from people
             returning id, pin, full_name, birth_date::text, phone
           ), sessions as (
             insert into identity.session (id, user_id, method, ip, created_at, last_refreshed_at)
             select gen_random_uuid(), id, 'PASSWORD', '127.0.0.1', now(), now() from accounts
             returning id, user_id
           )
           select s.user_id, s.id as session_id, a.pin, a.full_name, a.birth_date, a.phone from sessions s join accounts a on a.id = s.user_id`,
          [base, language, options.roles, options.providerId ?? null, options.count],
        );
        return await Promise.all(
          created.rows.map(async (row) => ({
            userId: row.user_id,
            sessionId: row.session_id,
            person: { pin: row.pin, fullName: row.full_name, birthDate: row.birth_date, phone: row.phone },
            accessToken: (await issuer.issue({ sub: row.user_id, roles: options.roles, pid: options.providerId ?? null, lang: language, sid: row.session_id })).token,
          })),
        );
      } finally {
        await client.end();
      }
    },
  };
}
