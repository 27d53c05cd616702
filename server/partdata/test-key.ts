/**
 * InvenTree's `generateTestKey`: the test name trimmed, lower-cased, spaces removed, every
 * character that is not a letter, a digit or `_` dropped (Python's `isidentifier() or isalnum()`
 * per character, Unicode included), and `_` put before a key that would start with a digit.
 */
export function generateTestKey(testName: string | null | undefined): string {
  const key = [...(testName ?? '').trim().toLowerCase().replace(/ /g, '')]
    .filter((c) => /^[\p{L}\p{N}_]$/u.test(c))
    .join('');
  return key && !/^[\p{L}_]/u.test(key) ? `_${key}` : key;
}
