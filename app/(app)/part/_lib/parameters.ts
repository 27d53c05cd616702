import type { Ctx } from '@/server/context';
import { listTemplates, parametersFor } from '@/server/parameters';
import { rowsOf } from './types';

export interface TemplateOption {
  pk: number;
  name: string;
  units: string;
  checkbox: boolean;
  choices: string;
}

const LOCAL = new URL('http://local/api/parameter/template/');

/** Enabled parameter templates usable on parts, by name (one query). */
export async function partTemplates(ctx: Ctx): Promise<TemplateOption[]> {
  const list = await listTemplates(
    ctx,
    {
      for_model: 'part',
      enabled: true,
      ordering: 'name',
      checkbox: undefined,
      has_choices: undefined,
      has_units: undefined,
      search_regex: false,
      search_whole: false,
    },
    LOCAL,
  );
  return rowsOf<TemplateOption>(list);
}

/** part id → template id → the value shown in a parameter column (one query for the page). */
export async function parameterCells(ctx: Ctx, partIds: number[]): Promise<Map<number, Map<number, string>>> {
  const byPart = await parametersFor(ctx, 'part', partIds);
  const out = new Map<number, Map<number, string>>();
  for (const [id, list] of byPart) {
    out.set(
      id,
      new Map(
        list.map((p) => [
          p.template,
          p.template_detail.units ? `${p.data} ${p.template_detail.units}` : p.data,
        ]),
      ),
    );
  }
  return out;
}
