-- relay_event keyed by seq, the order of storing: on H2 the primary key of a single bigint column is the row key, so
-- rows are appended in key order and the separate unique index on seq disappears; the client-made id (a random
-- UUID: dedup, delivery lookups, the deliveries' foreign key) keeps a unique constraint. The index on
-- (session_id, seq) goes too: a session stream resumed with Last-Event-ID reads forward from that event's seq by the
-- primary key. The intake writes thousands of events a second; every index is one more B-tree entry per event.
-- Portable SQL: H2 2.x and PostgreSQL 15+.
alter table relay_delivery drop constraint fk_relay_delivery_event;
alter table relay_event drop constraint pk_relay_event;
alter table relay_event drop constraint uq_relay_event_seq;
alter table relay_event add constraint pk_relay_event primary key (seq);
alter table relay_event add constraint uq_relay_event_id unique (id);
alter table relay_delivery add constraint fk_relay_delivery_event foreign key (event_id) references relay_event (id)
    on delete cascade;
drop index if exists ix_relay_event_session_seq;
