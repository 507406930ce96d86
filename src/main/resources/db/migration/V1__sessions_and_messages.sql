-- Sessions and their messages. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15+.
-- Unbounded text uses "varchar" without a length (H2: up to 1e9 characters; PostgreSQL: same as text).

create table chat_session (
    id                          uuid                     not null,
    experience_id               varchar(64)              not null,
    user_id                     varchar(200),
    name                        varchar(200),
    metadata                    varchar,                 -- JSON object
    status                      varchar(16)              not null, -- ACTIVE | COMPLETED | EXPIRED
    end_reason                  varchar(16),             -- CLEARED | ENDED | RESOLVED | EXPIRED | INACTIVITY
    expiration_seconds          bigint                   not null,
    inactivity_timeout_seconds  bigint,
    created_at                  timestamp with time zone not null,
    updated_at                  timestamp with time zone not null,
    last_activity_at            timestamp with time zone not null,
    expires_at                  timestamp with time zone not null, -- absolute lifetime end
    inactivity_expires_at       timestamp with time zone,          -- last_activity_at + inactivity timeout
    ended_at                    timestamp with time zone,
    message_count               bigint                   not null,
    previous_session_id         uuid,
    constraint pk_chat_session primary key (id)
);

-- Management listing (newest first, filtered) and the expiry sweep.
create index ix_chat_session_experience_created on chat_session (experience_id, created_at);
create index ix_chat_session_created on chat_session (created_at);
create index ix_chat_session_user on chat_session (user_id);
create index ix_chat_session_status_expires on chat_session (status, expires_at);
create index ix_chat_session_status_inactivity on chat_session (status, inactivity_expires_at);

create table chat_message (
    id          uuid                     not null,
    session_id  uuid                     not null,
    seq         bigint                   not null, -- 1, 2, 3 … per session: the chronological order and the cursor
    role        varchar(16)              not null, -- USER | ASSISTANT
    text        varchar                  not null, -- Markdown as written or answered
    html        varchar                  not null, -- sanitized HTML rendered from text
    query_id    varchar(100),
    actions     varchar,                 -- JSON array of action buttons (assistant messages)
    created_at  timestamp with time zone not null,
    constraint pk_chat_message primary key (id),
    constraint fk_chat_message_session foreign key (session_id) references chat_session (id) on delete cascade,
    constraint uq_chat_message_session_seq unique (session_id, seq)
);
