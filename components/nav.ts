import type { Access } from '@/lib/http/endpoint';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to users who may view it. */
  access: Access;
  /** Areas whose pages arrive with later work are listed, greyed out. */
  ready: boolean;
}

export const NAV: NavItem[] = [
  { href: '/', label: 'Dashboard', access: 'user', ready: true },
  { href: '/part', label: 'Parts', access: 'part', ready: true },
  { href: '/stock', label: 'Stock', access: 'stock', ready: true },
  { href: '/purchasing', label: 'Purchasing', access: 'purchase_order', ready: false },
  { href: '/sales', label: 'Sales', access: 'sales_order', ready: false },
  { href: '/manufacturing', label: 'Manufacturing', access: 'build', ready: false },
];

export const ADMIN_NAV: NavItem[] = [
  { href: '/admin/users', label: 'Users', access: 'admin', ready: true },
  { href: '/admin/groups', label: 'Groups', access: 'admin', ready: true },
  { href: '/admin/tasks', label: 'Tasks', access: 'staff', ready: true },
  { href: '/settings/system', label: 'Settings', access: 'staff', ready: true },
];
