import type { Option } from '@/components/form-fields';
import { treeOptions } from '@/components/tree-rows';
import type { Ctx } from '@/server/context';
import { listParts, type PartQuery } from '@/server/parts';
import { getGlobalSetting } from '@/server/settings';
import { listOwners } from '@/server/users';
import type { PartFormValues } from '../_components/part-form';
import { loadTree } from './tree';
import { PART_FLAGS, type PartView, rowsOf } from './types';

const LOCAL = new URL('http://local/api/part/');
/** Selects list at most this many parts (templates, revision candidates), by name. */
const SELECT_LIMIT = 500;

const partOption = (p: PartView): Option => ({ value: p.pk, label: p.full_name });

/** Keeps the current choice selectable even when it falls outside the limited list. */
function withCurrent(options: Option[], current: number | null): Option[] {
  if (current === null || options.some((o) => o.value === current)) return options;
  return [{ value: current, label: `Part #${current}` }, ...options];
}

/**
 * The choices of the part form, each one verb call: categories (structural ones disabled), template
 * parts for `variant_of`, revision candidates (when revisions are enabled) and owners.
 */
export async function partFormOptions(
  ctx: Ctx,
  part: Pick<PartFormValues, 'pk' | 'variant_of' | 'revision_of'>,
) {
  const exclude = part.pk !== undefined ? [part.pk] : undefined;
  const base: PartQuery = { ordering: 'name', limit: String(SELECT_LIMIT), exclude_id: exclude };
  const [tree, templates, revisionsOn, assemblyOnly, owners] = await Promise.all([
    loadTree(ctx),
    listParts(ctx, { ...base, is_template: true }, LOCAL),
    getGlobalSetting('PART_ENABLE_REVISION'),
    getGlobalSetting('PART_REVISION_ASSEMBLY_ONLY'),
    listOwners(ctx, { is_active: true }, new URL('http://local/api/user/owner/')),
  ]);
  const revisions = revisionsOn
    ? await listParts(
        ctx,
        { ...base, is_revision: false, is_template: false, ...(assemblyOnly ? { assembly: true } : {}) },
        LOCAL,
      )
    : null;
  return {
    categories: treeOptions(tree, { structuralDisabled: true }),
    templates: withCurrent(rowsOf<PartView>(templates).map(partOption), part.variant_of),
    revisionOptions: revisions
      ? withCurrent(rowsOf<PartView>(revisions).map(partOption), part.revision_of)
      : null,
    owners: rowsOf<{ pk: number; name: string; label: string }>(owners).map((o) => ({
      value: o.pk,
      label: `${o.name} (${o.label})`,
    })),
  };
}

/** The form's values from a part answer. */
export function formValuesOf(p: PartView): PartFormValues {
  return {
    pk: p.pk,
    name: p.name,
    IPN: p.IPN,
    revision: p.revision,
    description: p.description,
    category: p.category,
    keywords: p.keywords,
    units: p.units,
    link: p.link,
    minimum_stock: p.minimum_stock,
    maximum_stock: p.maximum_stock,
    default_expiry: p.default_expiry,
    variant_of: p.variant_of,
    revision_of: p.revision_of,
    responsible: p.responsible,
    tags: p.tags ?? [],
    notes: p.notes ?? null,
    flags: Object.fromEntries(PART_FLAGS.map(([f]) => [f, p[f]])) as PartFormValues['flags'],
  };
}

/** A new part's flags: InvenTree's PART_* default settings (the verb applies the same ones). */
export async function newPartFlags(): Promise<PartFormValues['flags']> {
  const [assembly, component, purchaseable, salable, trackable, virtual, isTemplate] = await Promise.all([
    getGlobalSetting('PART_ASSEMBLY'),
    getGlobalSetting('PART_COMPONENT'),
    getGlobalSetting('PART_PURCHASEABLE'),
    getGlobalSetting('PART_SALABLE'),
    getGlobalSetting('PART_TRACKABLE'),
    getGlobalSetting('PART_VIRTUAL'),
    getGlobalSetting('PART_TEMPLATE'),
  ]);
  return {
    active: true,
    assembly: Boolean(assembly),
    component: Boolean(component),
    is_template: Boolean(isTemplate),
    trackable: Boolean(trackable),
    testable: false,
    purchaseable: Boolean(purchaseable),
    salable: Boolean(salable),
    virtual: Boolean(virtual),
    consumable: false,
    locked: false,
  };
}
