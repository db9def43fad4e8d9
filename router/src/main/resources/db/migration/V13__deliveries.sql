-- 一次送达 for every outcome (issue 19 part 4; 国办发〔2022〕32号 三(五) 提高出件效率, 衡阳 优化"一次办" 2:
-- EMS邮寄、文件柜等无接触形式出件). A case that ends COMPLETED, REJECTED or WITHDRAWN gets one
-- result_deliveries row (its primary key, the case id, makes it once whatever node or retry writes it)
-- with what its COMPLETED items issued. An EMS delivery asks the logistics service for a waybill
-- from this row (the request lives here, so a restart never loses it) and follows its signed reports.

ALTER TABLE result_deliveries
  ADD COLUMN outcome         text,                        -- the case status it ended with: COMPLETED | REJECTED | WITHDRAWN
  ADD COLUMN issued_values   jsonb NOT NULL DEFAULT '[]', -- [{item, name, value}] the completed items' named values
  ADD COLUMN status          text  NOT NULL DEFAULT 'DELIVERED',
      -- DELIVERED (electronic) | AT_WINDOW | IN_LOCKER | NOTHING_ISSUED | WAYBILL_PENDING | WAYBILL_FAILED
      -- | SHIPPED | IN_TRANSIT | OUT_FOR_DELIVERY | SIGNED (ems, as the logistics service reports)
  ADD COLUMN waybill         text UNIQUE,                 -- ems: the logistics service's waybill number
  ADD COLUMN pickup_code     text,                        -- locker: the code that opens the locker (6-8 digits)
  ADD COLUMN attempts        integer NOT NULL DEFAULT 0,  -- ems: waybill requests made
  ADD COLUMN next_attempt_at timestamptz,                 -- ems: when the next waybill request is due (null: none due)
  ADD COLUMN last_error      text,
  ADD COLUMN signed_at       timestamptz,
  ADD COLUMN updated_at      timestamptz;
UPDATE result_deliveries SET outcome = 'COMPLETED', updated_at = created_at;
CREATE INDEX result_deliveries_due_idx ON result_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- The logistics service's signed reports, remembered by webhook-id: a repeated report changes nothing.
CREATE TABLE logistics_callbacks (
  webhook_id  text PRIMARY KEY,
  case_id     uuid        NOT NULL REFERENCES cases (case_id),
  waybill     text        NOT NULL,
  status      text        NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX logistics_callbacks_created_idx ON logistics_callbacks (created_at);  -- the retention sweep
