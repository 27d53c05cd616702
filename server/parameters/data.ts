import { and, asc, eq } from 'drizzle-orm';
import type { parameterTemplates } from '@/db/schema';
import { selectionEntries } from '@/db/schema';
import { plainNumber, type UnitRegistry } from '@/domain/units';
import { fieldError } from '@/lib/errors';
import type { Ctx } from '../context';
import { getGlobalSetting } from '../settings';

export type TemplateRow = typeof parameterTemplates.$inferSelect;

const TRUE = new Set(['true', '1', 'yes', 'y', 't', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', 'off']);

/** A checkbox value as InvenTree stores it (`str(str2bool(data))`); null when it is no boolean. */
export function checkboxData(data: string): 'True' | 'False' | null {
  const s = data.trim().toLowerCase();
  if (TRUE.has(s)) return 'True';
  if (FALSE.has(s) || s === '') return 'False';
  return null;
}

/**
 * InvenTree's `calculate_numeric_value`: a checkbox is 1/0; with template units the value converted
 * into them (plain numbers are already in them); without units a plain float; otherwise null.
 */
export function numericValue(
  tpl: Pick<TemplateRow, 'checkbox' | 'units'>,
  data: string,
  registry: UnitRegistry,
): number | null {
  if (tpl.checkbox) return checkboxData(data) === 'True' ? 1 : 0;
  if (tpl.units) {
    const r = registry.convert(data, tpl.units);
    return r.ok ? r.value : null;
  }
  return plainNumber(data);
}

/** The values a parameter of this template may take: its selection list's active entries, else its choices. */
export async function templateChoices(
  ctx: Ctx,
  tpl: Pick<TemplateRow, 'choices' | 'selectionListId'>,
): Promise<string[]> {
  if (tpl.selectionListId !== null) {
    const rows = await ctx.db
      .select({ value: selectionEntries.value })
      .from(selectionEntries)
      .where(and(eq(selectionEntries.listId, tpl.selectionListId), eq(selectionEntries.active, true)))
      .orderBy(asc(selectionEntries.id));
    return rows.map((r) => r.value);
  }
  return splitChoices(tpl.choices);
}

export function splitChoices(choices: string): string[] {
  return choices
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

/**
 * Checks `data` against its template (InvenTree's `Parameter.clean`) and returns what is stored:
 * checkbox values become `True`/`False`; choices (or the selection list's active values) must
 * contain the value; with template units and `PARAMETER_ENFORCE_UNITS` the value must convert.
 * Errors are `{"data": ["..."]}`.
 */
export async function cleanData(
  ctx: Ctx,
  tpl: TemplateRow,
  raw: string,
  registry: UnitRegistry,
): Promise<{ data: string; dataNumeric: number | null }> {
  let data = raw;
  if (tpl.checkbox) {
    const b = checkboxData(data);
    if (b === null) throw fieldError('data', 'Must be a valid boolean.');
    data = b;
  } else {
    if (tpl.units && (await getGlobalSetting('PARAMETER_ENFORCE_UNITS'))) {
      const r = registry.convert(data, tpl.units);
      if (!r.ok) throw fieldError('data', r.error);
    }
    const choices = await templateChoices(ctx, tpl);
    if ((choices.length || tpl.selectionListId !== null) && !choices.includes(data))
      throw fieldError('data', 'Invalid choice for parameter value');
  }
  return { data, dataNumeric: numericValue(tpl, data, registry) };
}
