-- Per-item costs of dispatch and intake that the schema itself added.

-- case_items.region (V16) is now written by the application with every new item (CaseLog.create, from
-- its case's region), so the BEFORE INSERT trigger's lookup of the case row is no longer needed for
-- items of a division's case. It stays, called only for items inserted without a region, for nodes of
-- the older version during a rolling upgrade (they insert items without naming the column; without the
-- trigger a county's items would go to the city's lane for good). Items of a city case (region null)
-- still pay that lookup, which answers null; a later migration drops the trigger once no older node is
-- left.
DROP TRIGGER case_items_region ON case_items;
CREATE TRIGGER case_items_region BEFORE INSERT ON case_items
  FOR EACH ROW WHEN (NEW.region IS NULL) EXECUTE FUNCTION case_items_region();

-- The federation outbox (V15) reports only item status changes; the function ran for every event
-- (about 4 us each, most of them ItemQueued, ItemDispatched or case events). The same filter as a WHEN
-- clause is checked without calling the function at all, so those events cost nothing more here.
DROP TRIGGER case_events_federation_report ON case_events;
CREATE TRIGGER case_events_federation_report AFTER INSERT ON case_events
  FOR EACH ROW WHEN (NEW.item_id IS NOT NULL AND NEW.type IN ('ItemStatusChanged', 'ItemSuspended', 'ItemResumed'))
  EXECUTE FUNCTION federation_report();
