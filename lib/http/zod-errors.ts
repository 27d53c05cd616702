import type { z } from 'zod';
import type { FieldErrors } from '../errors';

type Node = Record<string | number, unknown>;

function insert(node: Node, path: readonly PropertyKey[], message: string, input: unknown): void {
  const [head, ...rest] = path as (string | number)[];
  if (head === undefined) return;
  const value = (input as Node | undefined)?.[head];
  if (rest.length === 0) {
    const list = (node[head] as string[] | undefined) ?? [];
    if (!list.includes(message)) list.push(message);
    node[head] = list;
    return;
  }
  // A list of objects reports one entry per input element, `{}` for the valid ones (DRF).
  if (typeof rest[0] === 'number' && rest.length > 1 && Array.isArray(value)) {
    node[head] ??= value.map(() => ({}));
    const arr = node[head] as Node[];
    insert(arr[rest[0]]!, rest.slice(1), message, value[rest[0]]);
    return;
  }
  node[head] ??= {};
  insert(node[head] as Node, rest, message, value);
}

/** Zod issues as DRF's error body: `{"field": ["msg"]}`, nested for lists, `non_field_errors` for the object. */
export function zodToFieldErrors(error: z.ZodError, input: unknown): FieldErrors {
  const out: Node = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path : ['non_field_errors'];
    insert(out, path, issue.message, input);
  }
  return out as FieldErrors;
}
