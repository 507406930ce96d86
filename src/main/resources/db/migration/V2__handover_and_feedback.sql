-- Handover requests and answer feedback; lookups for query retries. Portable SQL: H2 2.x and PostgreSQL 15+.
-- Text limits are enforced in code in code points; columns allow twice as many characters because H2 counts UTF-16
-- units (an emoji is two).

-- A visitor asked for a person. Kept even when the session has ended; removed with the session.
create table handover (
    id          uuid                     not null,
    session_id  uuid                     not null,
    reason      varchar(200)             not null,
    priority    varchar(8)               not null, -- LOW | NORMAL | HIGH
    metadata    varchar,                 -- JSON object, at most 8 KB
    created_at  timestamp with time zone not null,
    constraint pk_handover primary key (id),
    constraint fk_handover_session foreign key (session_id) references chat_session (id) on delete cascade
);

create index ix_handover_session_created on handover (session_id, created_at);

-- A visitor's rating of one answer: at most one per message (a second rating replaces the first).
create table message_feedback (
    id          uuid                     not null,
    session_id  uuid                     not null,
    message_id  uuid                     not null,
    rating      varchar(8)               not null, -- UP | DOWN
    comment     varchar(4000),
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    constraint pk_message_feedback primary key (id),
    constraint uq_message_feedback_message unique (message_id),
    constraint fk_message_feedback_session foreign key (session_id) references chat_session (id) on delete cascade,
    constraint fk_message_feedback_message foreign key (message_id) references chat_message (id) on delete cascade
);

create index ix_message_feedback_session_created on message_feedback (session_id, created_at);

-- A retried query is found by its session and client query id; a rolled-over session by the one it continues.
create index ix_chat_message_session_query on chat_message (session_id, query_id);
create index ix_chat_session_previous on chat_session (previous_session_id);

-- V1 sized these columns in characters as the code counts them (code points), but H2 counts UTF-16 units: a name of
-- 200 emoji was refused by the database (500). Widened the same way as above; the code still enforces the limits.
alter table chat_session alter column name set data type varchar(400);
alter table chat_session alter column user_id set data type varchar(400);
alter table chat_message alter column query_id set data type varchar(200);
