import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { LanguageCode } from '@portal/kit';

/** identity's account as far as notices need it: a projection of UserProfileChanged. */
@Entity({ tableName: 'recipient' })
export class RecipientEntity {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  preferredLanguage!: LanguageCode;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'boolean' })
  blocked: boolean = false;

  /** The holder withdrew consent: only the notice confirming it still goes out. */
  @Property({ type: 'boolean' })
  closed: boolean = false;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
