-- Where a case is handled (就近办, 全市通办, 跨省通办): a 6-digit administrative division code. Cases filed
-- before keep null, which reads as the city's.
ALTER TABLE cases ADD COLUMN region text;
