import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A ministry, agency, municipality or state enterprise providing services. */
@Entity({ tableName: 'provider' })
export class Provider {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'text' })
  nameKy!: string;

  @Property({ type: 'text' })
  nameRu!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
