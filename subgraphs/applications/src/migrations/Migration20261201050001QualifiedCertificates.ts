import { Migration } from '@mikro-orm/migrations';

/**
 * Qualified signatures are checked at the time of signing: the projection of signing keys
 * keeps each qualified key's certificate chain, serial number and end of validity.
 */
export class Migration20261201050001QualifiedCertificates extends Migration {
  override up(): void {
    this.addSql(`alter table applications.signing_key
      add column certificate_serial_number text,
      add column certificate_not_after timestamptz,
      add column certificate_chain_pem jsonb`);
  }
}
