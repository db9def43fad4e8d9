-- Dispatch per (department, region) (就近办, 全市通办): each item carries its case's region, so a lane
-- for one division's office claims that division's items by index. Filled from the case when the item
-- is inserted (every writer of case_items, without naming the column), backfilled for older rows;
-- null reads as the city's, as cases.region does.
ALTER TABLE case_items ADD COLUMN region text;

UPDATE case_items i SET region = k.region
FROM cases k
WHERE k.case_id = i.case_id AND k.region IS NOT NULL AND i.region IS NULL;

CREATE FUNCTION case_items_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.region IS NULL THEN
    SELECT region INTO NEW.region FROM cases WHERE case_id = NEW.case_id;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER case_items_region BEFORE INSERT ON case_items
  FOR EACH ROW EXECUTE FUNCTION case_items_region();

-- What a region's lane may claim, oldest first (the department's own lane keeps case_items_claim_idx).
CREATE INDEX case_items_claim_region_idx ON case_items (department, region, updated_at)
  WHERE region IS NOT NULL AND (status = 'QUEUED' OR cancel_pending);
