-- W3C Trace Context (issue 21): the traceparent of the request that filed a case, so that the
-- webhooks its items cause carry the same trace id. Null for cases filed before, or without one.
ALTER TABLE cases ADD COLUMN traceparent text;
