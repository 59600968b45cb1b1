import canonicalize from 'canonicalize';

/** RFC 8785 canonical JSON: the exact bytes every signature in the contract is made over. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  // undefined, functions and symbols have no JSON form: signing them would sign nothing
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return text;
}
