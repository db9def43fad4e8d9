-- The admin list of EMS deliveries whose waybill requests all failed (GET /api/v1/admin/waybills/failed), oldest
-- failure first, without reading every delivery ever made: only the failed ones are in this index.
CREATE INDEX result_deliveries_failed_idx ON result_deliveries (updated_at, case_id) WHERE status = 'WAYBILL_FAILED';
