import type { Page } from '@/lib/http/list';

export interface RuleView {
  pk: number;
  name: string;
  label: string;
  can_view: boolean;
  can_add: boolean;
  can_change: boolean;
  can_delete: boolean;
}

export interface MemberView {
  pk: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
}

/** The group answer of `listGroups` / `getGroup` (roles and users present when asked for). */
export interface GroupView {
  pk: number;
  name: string;
  roles?: RuleView[];
  users?: MemberView[];
}

/** The rows of a group list answer (array without `limit`, page with it). */
export function groupRows(list: Record<string, unknown>[] | Page<Record<string, unknown>>): GroupView[] {
  return (Array.isArray(list) ? list : list.results) as unknown as GroupView[];
}
