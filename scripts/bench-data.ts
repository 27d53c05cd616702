/**
 * `npm run bench:data -- --parts 100000 [--categories 1000] [--stock 1000000] [--reset]`: a deterministic, realistic
 * catalogue written straight into PostgreSQL with set-based INSERT … SELECT generate_series (no
 * row-by-row round trips): a three-level category tree, parts with IPNs, descriptions drawn from a
 * fixed vocabulary (so searches hit realistic fractions), templates with variants, revisions, and
 * two parameters per part (numeric with units, and a choice) from five templates.
 * With `--stock`: 11,110 locations (site/building/room/shelf) and stock items over the shelves
 * (serials for trackable parts, batches, statuses, expiry dates) with a CREATED ledger row each and
 * a later count or move for every fifth item (quantities in the ledger add up to the items').
 * Uses DATABASE_URL (or the embedded database).
 */
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { loadDotEnv, prepareDatabase } from './lib/bootstrap';

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: '100000' },
    categories: { type: 'string', default: '1000' },
    stock: { type: 'string', default: '0' },
    reset: { type: 'boolean', default: false },
  },
});
const nParts = Number(values.parts);
const nLeaves = Number(values.categories);
const nStock = Number(values.stock);
loadDotEnv();
const database = await prepareDatabase();
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
const t0 = Date.now();

await sql.begin(async (tx) => {
  await tx`set local inventree.audit = 'off'`;
  if (values.reset)
    await tx`truncate stock_item_tracking, stock_items, stock_locations, parameters, parameter_templates, parts, part_categories restart identity cascade`;
  const roots = 10;
  const mids = Math.max(1, Math.round(Math.sqrt(nLeaves / roots)) * roots);
  const leavesPerMid = Math.max(1, Math.ceil(nLeaves / mids));
  const words = [
    'Resistor',
    'Capacitor',
    'Inductor',
    'Diode',
    'Transistor',
    'Connector',
    'Bolt',
    'Nut',
    'Washer',
    'Spring',
    'Bearing',
    'Cable',
    'Sensor',
    'Relay',
    'Fuse',
    'Switch',
    'LED',
    'Crystal',
    'Regulator',
    'Amplifier',
  ];
  const base = (await tx`select coalesce(max(id), 0)::int as m from part_categories`)[0]!.m as number;
  // Roots, then their children, then leaves: ids are assigned in this order, so paths can be computed.
  await tx`
    insert into part_categories (id, name, description, parent_id, level, pathstring, tree_ids)
    select ${base}::int + g, (${words}::text[])[1 + (g - 1) % 20] || ' group ' || g, 'Top-level category ' || g, null, 0,
           (${words}::text[])[1 + (g - 1) % 20] || ' group ' || g, array[${base}::int + g]
    from generate_series(1, ${roots}::int) g`;
  await tx`
    insert into part_categories (id, name, description, parent_id, level, pathstring, tree_ids)
    select ${base}::int + ${roots}::int + g, 'Family ' || g, 'Second-level category ' || g, p.id, 1, p.pathstring || '/Family ' || g, p.tree_ids || (${base}::int + ${roots}::int + g)
    from generate_series(1, ${mids}::int) g join part_categories p on p.id = ${base}::int + 1 + (g - 1) % ${roots}::int`;
  await tx`
    insert into part_categories (id, name, description, parent_id, level, pathstring, tree_ids)
    select ${base}::int + ${roots}::int + ${mids}::int + g, 'Series ' || g, 'Leaf category ' || g, p.id, 2, p.pathstring || '/Series ' || g, p.tree_ids || (${base}::int + ${roots}::int + ${mids}::int + g)
    from generate_series(1, ${mids * leavesPerMid}::int) g join part_categories p on p.id = ${base}::int + ${roots}::int + 1 + (g - 1) % ${mids}::int`;
  await tx`select setval(pg_get_serial_sequence('part_categories', 'id'), (select max(id) from part_categories))`;
  const leafFirst = base + roots + mids + 1;
  const leafCount = mids * leavesPerMid;
  const pbase = (await tx`select coalesce(max(id), 0)::int as m from parts`)[0]!.m as number;
  // Every 50th part is a template; the next 4 parts are its variants.
  await tx`
    insert into parts (id, name, description, keywords, ipn, revision, category_id, is_template, variant_of_id, variant_tree_ids,
                       assembly, component, trackable, purchaseable, salable, active, minimum_stock, units, creation_date, tags)
    select ${pbase}::int + g,
      (${words}::text[])[1 + g % 20] || ' ' || to_char(g, 'FM0000000'),
      (${words}::text[])[1 + (g * 7) % 20] || ' ' || (g % 97) || 'k ' || (${['0402', '0603', '0805', '1206', 'TH', 'M3', 'M4', 'M5']}::text[])[1 + g % 8] || ' ' || (${['steel', 'brass', 'nylon', 'ceramic', 'tantalum', 'film']}::text[])[1 + g % 6],
      lower((${words}::text[])[1 + (g * 3) % 20]) || ' ' || (${['smd', 'tht', 'stock', 'rohs']}::text[])[1 + g % 4],
      'P-' || to_char(g, 'FM0000000'),
      case when g % 40 = 7 then 'B' else null end,
      ${leafFirst}::int + (g * 7919) % ${leafCount}::int,
      g % 50 = 1,
      case when g % 50 between 2 and 5 then ${pbase}::int + g - (g % 50) + 1 else null end,
      case when g % 50 between 2 and 5 then array[${pbase}::int + g - (g % 50) + 1, ${pbase}::int + g] else array[${pbase}::int + g] end,
      g % 10 = 0, true, g % 25 = 0, g % 3 <> 0, g % 4 = 0, g % 100 <> 99,
      (g % 20)::numeric, (${['', 'mm', 'g', 'm', 'pcs']}::text[])[1 + g % 5],
      date '2024-01-01' + (g % 700),
      to_jsonb(array[(${['smd', 'tht', 'passive', 'active', 'mech']}::text[])[1 + g % 5]])
    from generate_series(1, ${nParts}::int) g`;
  await tx`select setval(pg_get_serial_sequence('parts', 'id'), (select max(id) from parts))`;
  // Parameters: five templates; every part gets a numeric one (by its family) and a choice.
  const templates = await tx<{ id: number; name: string }[]>`
    insert into parameter_templates (name, units, description, choices)
    values ('Bench resistance', 'ohm', 'Resistance', ''), ('Bench capacitance', 'F', 'Capacitance', ''),
           ('Bench length', 'mm', 'Length', ''), ('Bench mass', 'g', 'Mass', ''),
           ('Bench finish', '', 'Surface finish', 'Bare, Plated, Painted, Anodised')
    on conflict (name) do update set description = excluded.description
    returning id, name`;
  const tid = (n: string) => templates.find((t) => t.name === n)!.id;
  const numeric = [tid('Bench resistance'), tid('Bench capacitance'), tid('Bench length'), tid('Bench mass')];
  const unitOf = ['k', 'n', '', ''];
  const scale = [1000, 1e-9, 1, 1];
  await tx`
    insert into parameters (template_id, model_type, model_id, data, data_numeric)
    select (${numeric}::int[])[1 + g % 4], 'part', ${pbase}::int + g,
           ((g % 470) + 1)::text || (${unitOf}::text[])[1 + g % 4],
           ((g % 470) + 1) * (${scale}::float8[])[1 + g % 4]
    from generate_series(1, ${nParts}::int) g
    union all
    select ${tid('Bench finish')}::int, 'part', ${pbase}::int + g,
           (array['Bare', 'Plated', 'Painted', 'Anodised'])[1 + g % 4], null
    from generate_series(1, ${nParts}::int) g`;
  if (nStock > 0) {
    // Locations: 10 sites × 10 buildings × 10 rooms × 10 shelves; stock lives on the shelves.
    const lbase = (await tx`select coalesce(max(id), 0)::int as m from stock_locations`)[0]!.m as number;
    const levels = ['Site', 'Building', 'Room', 'Shelf'];
    let first = lbase + 1;
    let count = 10;
    await tx`
      insert into stock_locations (id, name, description, parent_id, level, pathstring, tree_ids)
      select ${lbase}::int + g, 'Site ' || g, 'Site ' || g, null, 0, 'Site ' || g, array[${lbase}::int + g]
      from generate_series(1, 10) g`;
    for (let level = 1; level < levels.length; level++) {
      const parentFirst = first;
      const parentCount = count;
      first += count;
      count *= 10;
      await tx`
        insert into stock_locations (id, name, description, parent_id, level, pathstring, tree_ids)
        select ${first - 1}::int + g, ${levels[level]!} || ' ' || g, '', p.id, ${level}::int,
               p.pathstring || '/' || ${levels[level]!} || ' ' || g, p.tree_ids || (${first - 1}::int + g)
        from generate_series(1, ${count}::int) g join stock_locations p on p.id = ${parentFirst}::int + (g - 1) % ${parentCount}::int`;
    }
    const shelfFirst = first;
    const shelves = count;
    await tx`select setval(pg_get_serial_sequence('stock_locations', 'id'), (select max(id) from stock_locations))`;
    const sbase = (await tx`select coalesce(max(id), 0)::int as m from stock_items`)[0]!.m as number;
    // Trackable parts get serialized items (quantity 1, serial = row number, unique per variant tree).
    await tx`
      insert into stock_items (id, part_id, part_tree_id, location_id, quantity, serial, serial_int, batch, status, expiry_date, updated)
      select ${sbase}::int + g, p.id, p.variant_tree_ids[1], ${shelfFirst}::int + (g * 31) % ${shelves}::int,
        case when p.trackable then 1 else ((g % 200) + 1)::numeric / 4 end,
        case when p.trackable then g::text else null end,
        case when p.trackable then g else 0 end,
        'B' || (g % 997), (array[10, 10, 10, 10, 10, 50, 55, 65, 75, 85])[1 + g % 10],
        case when g % 9 = 0 then date '2025-01-01' + (g % 900) else null end,
        timestamptz '2025-01-01' + make_interval(mins => g % 500000)
      from generate_series(1, ${nStock}::int) g join parts p on p.id = ${pbase}::int + 1 + ((g::bigint * 7919) % ${nParts}::int)::int`;
    await tx`select setval(pg_get_serial_sequence('stock_items', 'id'), (select max(id) from stock_items))`;
    // Ledger: CREATED with the starting quantity; every fifth item was later counted (the count is
    // its current quantity, so the ledger reconciles) and every seventh moved in from another shelf.
    await tx`
      insert into stock_item_tracking (item_id, part_id, date, tracking_type, deltas)
      select id, part_id, updated - interval '30 days', 1,
             jsonb_build_object('quantity', case when id % 5 = 0 and serial is null then quantity + 1 else quantity end,
                                'location', location_id)
      from stock_items where id > ${sbase}::int
      union all
      select id, part_id, updated - interval '10 days', 10, jsonb_build_object('quantity', quantity)
      from stock_items where id > ${sbase}::int and id % 5 = 0 and serial is null
      union all
      select id, part_id, updated, 20, jsonb_build_object('location', location_id)
      from stock_items where id > ${sbase}::int and id % 7 = 0`;
  }
});
// A bulk load leaves the visibility map unset: vacuum so counts can use index-only scans.
await sql`vacuum analyze part_categories`;
await sql`vacuum analyze parts`;
if (nStock > 0) {
  await sql`vacuum analyze stock_locations`;
  await sql`vacuum analyze stock_items`;
  await sql`vacuum analyze stock_item_tracking`;
}
const [c] = await sql`select (select count(*) from parts)::int as parts,
  (select count(*) from part_categories)::int as categories,
  (select count(*) from stock_items)::int as stock,
  (select count(*) from stock_locations)::int as locations`;
const seconds = ((Date.now() - t0) / 1000).toFixed(1);
console.log(
  `bench data: ${c!.parts} parts in ${c!.categories} categories, ${c!.stock} stock items in ${c!.locations} locations (${seconds} s)`,
);
await sql.end();
await database.stop();
