ALTER TABLE "stock_items" ADD COLUMN "part_name" varchar(100) DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE "stock_items" s SET "part_name" = p."name" FROM "parts" p WHERE p."id" = s."part_id";--> statement-breakpoint
CREATE INDEX "stock_items_location_order_idx" ON "stock_items" USING btree ("location_id","part_name","quantity","id");--> statement-breakpoint
-- stock_items.part_name follows its part: set when a row is written or moves to another part…
CREATE OR REPLACE FUNCTION stock_item_part_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p.name INTO NEW.part_name FROM parts p WHERE p.id = NEW.part_id;
  NEW.part_name := coalesce(NEW.part_name, '');
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER stock_item_part_name BEFORE INSERT OR UPDATE OF part_id ON stock_items
  FOR EACH ROW EXECUTE FUNCTION stock_item_part_name();--> statement-breakpoint
-- …and rewritten when the part is renamed (one statement per rename, in the rename's transaction).
CREATE OR REPLACE FUNCTION part_name_to_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stock_items SET part_name = NEW.name WHERE part_id = NEW.id AND part_name IS DISTINCT FROM NEW.name;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER part_name_to_stock AFTER UPDATE OF name ON parts
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION part_name_to_stock();
