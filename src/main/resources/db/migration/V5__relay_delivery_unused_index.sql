-- Every query on relay_delivery goes by endpoint (ix_relay_delivery_endpoint_due: claims, due endpoints) or by event
-- (uq_relay_delivery_event_endpoint: pruning, replay); none by (status, next_attempt_at) alone. The index only cost
-- an entry written per delivery stored and moved per attempt recorded. Portable SQL: H2 2.x and PostgreSQL 15+.
drop index if exists ix_relay_delivery_due;
