-- Clocks (issue 17; contract "Item status": dueAt counts the time limit from release, and working
-- days spent SUSPENDED, RETURNED or WAITING do not count). See onego.domain.ItemClock.
ALTER TABLE case_items
  ADD COLUMN limit_days       integer,                    -- the item's timeLimitDays (working days)
  ADD COLUMN clock_stopped_at timestamptz,                -- the current stop (RETURNED, SUSPENDED) began
  ADD COLUMN stopped_days     integer NOT NULL DEFAULT 0, -- working days of the finished stops
  ADD COLUMN suspension       jsonb;                      -- {procedure, until, note} while SUSPENDED

-- Items opened before this migration: the limit as the weekdays from the day the case was filed to
-- the due date (holidays are not known here, so a limit across one reads a day or two long).
UPDATE case_items i SET limit_days = (
    SELECT count(*) FROM generate_series((c.created_at AT TIME ZONE 'Asia/Shanghai')::date + 1,
                                         (i.due_at AT TIME ZONE 'Asia/Shanghai')::date, interval '1 day') AS d
    WHERE extract(isodow FROM d) < 6)
  FROM cases c WHERE c.case_id = i.case_id;
ALTER TABLE case_items ALTER COLUMN limit_days SET NOT NULL;
-- A RETURNED item's clock stopped when it was returned.
UPDATE case_items SET clock_stopped_at = updated_at WHERE status = 'RETURNED';

-- The deadline watcher scans only items whose clock runs.
DROP INDEX case_items_due_idx;
CREATE INDEX case_items_due_idx ON case_items (due_at)
  WHERE status IN ('QUEUED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS', 'DELIVERY_FAILED');
-- Suspensions whose until has passed are resumed by the watcher.
CREATE INDEX case_items_suspended_idx ON case_items (item_id) WHERE status = 'SUSPENDED';
