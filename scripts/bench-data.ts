/**
 * `npm run bench:data -- --parts 100000 [--categories 1000] [--stock 1000000] [--reset]`: a deterministic, realistic
 * catalogue written straight into PostgreSQL with set-based INSERT … SELECT generate_series (no
 * row-by-row round trips): a three-level category tree, parts with IPNs, descriptions drawn from a
 * fixed vocabulary (so searches hit realistic fractions), templates with variants, revisions.
 * With `--stock`: 1,110 locations (site/room/shelf) and stock items over them (serials for trackable
 * parts, batches, statuses, expiry dates) with a CREATED ledger row each. Uses DATABASE_URL (or the
 * embedded database).
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
    await tx`truncate stock_item_tracking, stock_items, stock_locations, parts, part_categories restart identity cascade`;
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
  if (nStock > 0) {
    // Locations: 10 sites × 10 rooms × 10 shelves, then stock spread over the shelves.
    const lbase = (await tx`select coalesce(max(id), 0)::int as m from stock_locations`)[0]!.m as number;
    await tx`
      insert into stock_locations (id, name, description, parent_id, level, pathstring, tree_ids)
      select ${lbase}::int + g, 'Site ' || g, 'Site ' || g, null, 0, 'Site ' || g, array[${lbase}::int + g]
      from generate_series(1, 10) g`;
    await tx`
      insert into stock_locations (id, name, description, parent_id, level, pathstring, tree_ids)
      select ${lbase}::int + 10 + g, 'Room ' || g, '', p.id, 1, p.pathstring || '/Room ' || g, p.tree_ids || (${lbase}::int + 10 + g)
      from generate_series(1, 100) g join stock_locations p on p.id = ${lbase}::int + 1 + (g - 1) % 10`;
    await tx`
      insert into stock_locations (id, name, description, parent_id, level, pathstring, tree_ids)
      select ${lbase}::int + 110 + g, 'Shelf ' || g, '', p.id, 2, p.pathstring || '/Shelf ' || g, p.tree_ids || (${lbase}::int + 110 + g)
      from generate_series(1, 1000) g join stock_locations p on p.id = ${lbase}::int + 11 + (g - 1) % 100`;
    await tx`select setval(pg_get_serial_sequence('stock_locations', 'id'), (select max(id) from stock_locations))`;
    const sbase = (await tx`select coalesce(max(id), 0)::int as m from stock_items`)[0]!.m as number;
    // Trackable parts get serialized items (quantity 1, serial = row number, unique per variant tree).
    await tx`
      insert into stock_items (id, part_id, part_tree_id, location_id, quantity, serial, serial_int, batch, status, expiry_date, updated)
      select ${sbase}::int + g, p.id, p.variant_tree_ids[1], ${lbase}::int + 111 + (g * 31) % 1000,
        case when p.trackable then 1 else ((g % 200) + 1)::numeric / 4 end,
        case when p.trackable then g::text else null end,
        case when p.trackable then g else 0 end,
        'B' || (g % 997), (array[10, 10, 10, 10, 10, 50, 55, 65, 75, 85])[1 + g % 10],
        case when g % 9 = 0 then date '2025-01-01' + (g % 900) else null end,
        timestamptz '2025-01-01' + make_interval(mins => g % 500000)
      from generate_series(1, ${nStock}::int) g join parts p on p.id = ${pbase}::int + 1 + ((g::bigint * 7919) % ${nParts}::int)::int`;
    await tx`select setval(pg_get_serial_sequence('stock_items', 'id'), (select max(id) from stock_items))`;
    await tx`
      insert into stock_item_tracking (item_id, part_id, date, tracking_type, deltas)
      select id, part_id, updated, 1, jsonb_build_object('quantity', quantity, 'location', location_id)
      from stock_items where id > ${sbase}::int`;
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
