-- A member as payments sees them: how they want to be paid. The display name lives in known_members.
create table payees (
    member_id                        uuid primary key,
    preference                       text not null check (preference in ('bank_transfer', 'vouchers', 'expenses_only', 'declined')),
    benefits_information_offered_on  date,
    erased_at                        timestamptz,
    version                          bigint not null,
    updated_at                       timestamptz not null,
    updated_by                       text not null
);

-- Bank details, encrypted with AES-256-GCM under the key named by key_id (so keys can rotate). The masks are what
-- every read returns; the clear values are decrypted only inside a payment-run export.
create table bank_details (
    member_id          uuid primary key,
    key_id             text not null,
    nonce              bytea not null,
    ciphertext         bytea not null,
    tag                bytea not null,
    sort_code_mask     text not null,
    account_number_mask text not null,
    version            bigint not null,
    updated_at         timestamptz not null,
    updated_by         text not null
);
create index ix_bank_details_key on bank_details (key_id);
