import type { ReferenceResolvers } from '@portal/kit';
import { User } from './user.type';

/** A User reference needs no lookup here: `applications` checks the caller and loads on its own. */
export const userReference: ReferenceResolvers = {
  User: {
    __resolveReference: (reference: { id: string }) => User.of(reference.id),
  },
};
