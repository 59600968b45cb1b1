import type { ReferenceResolvers } from '@portal/kit';
import { User } from './user.type';

/** A User reference needs no lookup here: the fields added to it check the caller and load in batches. */
export const userReference: ReferenceResolvers = {
  User: {
    __resolveReference: (reference: { id: string }) => Object.assign(new User(), { id: reference.id }),
  },
};
