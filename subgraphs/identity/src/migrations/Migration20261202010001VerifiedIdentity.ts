import { Migration } from '@mikro-orm/migrations';
import { tundukMessageLogDropSql, tundukMessageLogMigrationSql } from '@portal/tunduk';

/**
 * Verified identity (L-23): an account records how its identity was established (the population or
 * legal-entity register through Tunduk, or national-ID sign-in), and identity keeps the message log
 * of its Tunduk exchanges. Accounts already linked to the national ID count as verified by it; the
 * demo seed's accounts are in the register stand-in's seed with the same data, so they count as
 * verified by the register.
 */
export class Migration20261202010001VerifiedIdentity extends Migration {
  override up(): void {
    for (const sql of tundukMessageLogMigrationSql('identity')) this.addSql(sql);
    this.addSql(`alter table identity.user_account
      add column identity_verified_at timestamptz,
      add column identity_verified_by text check (identity_verified_by in ('POPULATION_REGISTER', 'LEGAL_ENTITY_REGISTER', 'NATIONAL_ID')),
      add constraint user_account_identity_verified_check check ((identity_verified_at is null) = (identity_verified_by is null))`);
    this.addSql(`update identity.user_account u set identity_verified_at = l.linked_at, identity_verified_by = 'NATIONAL_ID'
      from (select user_id, min(linked_at) as linked_at from identity.national_id_link group by user_id) l where l.user_id = u.id`);
    this.addSql(`update identity.user_account u set identity_verified_at = u.created_at, identity_verified_by = 'POPULATION_REGISTER'
      where u.identity_verified_at is null and exists (select 1 from identity.consent c where c.user_id = u.id and c.channel = 'DEMO_SEED')`);
  }

  override down(): void {
    this.addSql('alter table identity.user_account drop constraint user_account_identity_verified_check, drop column identity_verified_by, drop column identity_verified_at');
    for (const sql of tundukMessageLogDropSql('identity')) this.addSql(sql);
  }
}
