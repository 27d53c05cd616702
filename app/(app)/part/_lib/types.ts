/** The part answer of `listParts` / `getPart` (InvenTree's PartSerializer), as the pages read it. */
export interface PartView {
  pk: number;
  name: string;
  full_name: string;
  IPN: string;
  revision: string | null;
  description: string;
  /** Stock on hand (the stock module's figures; 0 where the caller may not see stock). */
  in_stock: number;
  category: number | null;
  category_name: string;
  category_detail?: { pk: number; name: string; pathstring: string } | null;
  category_path?: { pk: number; name: string }[];
  keywords: string | null;
  link: string | null;
  units: string | null;
  image: string | null;
  thumbnail: string;
  active: boolean;
  assembly: boolean;
  component: boolean;
  consumable: boolean;
  is_template: boolean;
  purchaseable: boolean;
  salable: boolean;
  testable: boolean;
  trackable: boolean;
  virtual: boolean;
  locked: boolean;
  minimum_stock: number | null;
  maximum_stock: number | null;
  default_expiry: number;
  variant_of: number | null;
  revision_of: number | null;
  revision_count: number;
  starred: boolean;
  creation_date: string | null;
  creation_user: number | null;
  responsible: number | null;
  notes?: string | null;
  tags?: string[];
}

/** A row of `categoryTree` (light: no part counts). */
export interface TreeRow {
  pk: number;
  name: string;
  description: string;
  pathstring: string;
  parent: number | null;
  level: number;
  icon: string;
  structural: boolean;
  subcategories: number;
}

/** The category answer of `getCategory` / `listCategories`. */
export interface CategoryView {
  pk: number;
  name: string;
  description: string;
  default_keywords: string | null;
  level: number;
  parent: number | null;
  part_count: number;
  subcategories: number;
  pathstring: string;
  path?: { pk: number; name: string }[];
  starred: boolean;
  structural: boolean;
  icon: string;
}

export { countOf, rowsOf } from '@/lib/http/respond';

/** Every flag a part carries, with its label (forms, filters and the details tab share it). */
export const PART_FLAGS = [
  ['active', 'Active'],
  ['assembly', 'Assembly'],
  ['component', 'Component'],
  ['is_template', 'Template'],
  ['trackable', 'Trackable'],
  ['testable', 'Testable'],
  ['purchaseable', 'Purchaseable'],
  ['salable', 'Salable'],
  ['virtual', 'Virtual'],
  ['consumable', 'Consumable'],
  ['locked', 'Locked'],
] as const;
export type PartFlag = (typeof PART_FLAGS)[number][0];

/** A part answer (the verbs type it as a record) as the pages read it. */
export const asPart = (p: Record<string, unknown>): PartView => p as unknown as PartView;
