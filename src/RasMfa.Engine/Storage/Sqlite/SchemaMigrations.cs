using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>Forward-only schema steps; PRAGMA user_version records how many have run.</summary>
    internal static class SchemaMigrations
    {
        private static readonly IReadOnlyList<string> Steps = new[]
        {
            // 1: RADIUS clients and the change counter listeners poll.
            @"CREATE TABLE radius_client (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                address TEXT NOT NULL UNIQUE,
                secret BLOB NOT NULL,
                require_message_authenticator INTEGER NOT NULL,
                limit_proxy_state INTEGER NOT NULL,
                description TEXT,
                created_utc TEXT NOT NULL,
                modified_utc TEXT NOT NULL);
              CREATE TABLE change_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
              INSERT INTO change_version (id, version) VALUES (1, 0);",

            // 2: users, OATH tokens, the audit log, server settings, and the clients' MFA policy.
            @"ALTER TABLE radius_client ADD COLUMN first_factor TEXT NOT NULL DEFAULT 'None';
              ALTER TABLE radius_client ADD COLUMN require_user_match INTEGER NOT NULL DEFAULT 1;
              ALTER TABLE radius_client ADD COLUMN prompt TEXT;
              CREATE TABLE mfa_user (
                id INTEGER PRIMARY KEY,
                user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                bare_name TEXT NOT NULL COLLATE NOCASE,
                display_name TEXT,
                email TEXT,
                phone_number TEXT,
                enabled INTEGER NOT NULL,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                locked_until_utc TEXT,
                created_utc TEXT NOT NULL,
                modified_utc TEXT NOT NULL);
              CREATE INDEX mfa_user_bare_name ON mfa_user (bare_name);
              CREATE TABLE otp_token (
                id INTEGER PRIMARY KEY,
                serial TEXT NOT NULL UNIQUE COLLATE NOCASE,
                user_id INTEGER UNIQUE REFERENCES mfa_user (id) ON DELETE SET NULL,
                type TEXT NOT NULL,
                secret BLOB NOT NULL,
                algorithm TEXT NOT NULL,
                digits INTEGER NOT NULL,
                period INTEGER NOT NULL,
                counter INTEGER NOT NULL DEFAULT 0,
                last_used_step INTEGER,
                drift_steps INTEGER NOT NULL DEFAULT 0,
                created_utc TEXT NOT NULL);
              CREATE TABLE authentication_log (
                id INTEGER PRIMARY KEY,
                time_utc TEXT NOT NULL,
                client_name TEXT NOT NULL,
                client_address TEXT NOT NULL,
                user_name TEXT NOT NULL,
                result TEXT NOT NULL,
                reason TEXT NOT NULL,
                method TEXT NOT NULL,
                milliseconds REAL NOT NULL);
              CREATE INDEX authentication_log_time ON authentication_log (time_utc);
              CREATE INDEX authentication_log_user ON authentication_log (user_name COLLATE NOCASE);
              CREATE TABLE setting (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);",

            // 3: upstream RADIUS servers as a first factor, and the clients' first-factor settings.
            @"CREATE TABLE upstream_radius_server (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                address TEXT NOT NULL,
                port INTEGER NOT NULL,
                secret BLOB NOT NULL,
                timeout_seconds INTEGER NOT NULL,
                retries INTEGER NOT NULL,
                created_utc TEXT NOT NULL,
                modified_utc TEXT NOT NULL);
              ALTER TABLE radius_client ADD COLUMN upstream_servers TEXT NOT NULL DEFAULT '';
              ALTER TABLE radius_client ADD COLUMN pass_upstream_attributes INTEGER NOT NULL DEFAULT 0;
              ALTER TABLE radius_client ADD COLUMN otp_mode TEXT NOT NULL DEFAULT 'Challenge';",

            // 4: directories (Active Directory, LDAP) for passwords and users; where each user came from.
            @"CREATE TABLE directory (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                type TEXT NOT NULL,
                servers TEXT NOT NULL,
                port INTEGER,
                security TEXT NOT NULL,
                base_dn TEXT,
                bind_user_name TEXT,
                bind_password BLOB,
                trusted_ca_path TEXT,
                certificate_thumbprint TEXT,
                timeout_seconds INTEGER NOT NULL,
                sync_interval_minutes INTEGER NOT NULL,
                sync_scopes TEXT NOT NULL DEFAULT '',
                last_sync_utc TEXT,
                created_utc TEXT NOT NULL,
                modified_utc TEXT NOT NULL);
              ALTER TABLE radius_client ADD COLUMN directory TEXT;
              ALTER TABLE mfa_user ADD COLUMN source_directory TEXT COLLATE NOCASE;",

            // 5: a user may hold several tokens, one of them the default. SQLite cannot drop otp_token's UNIQUE (user_id) in
            // place, so the table is rebuilt, every row and id kept. mfa_user.default_token_id names the default; none named, the
            // oldest token is. The triggers keep it so: a user who gets another token keeps the default they had (it is named
            // before the new one arrives, even if the new one is older, as a spare hardware token may be), and a default
            // removed or given to someone else is cleared, so the oldest token left becomes the default.
            @"CREATE TABLE otp_token_v5 (
                id INTEGER PRIMARY KEY,
                serial TEXT NOT NULL UNIQUE COLLATE NOCASE,
                user_id INTEGER REFERENCES mfa_user (id) ON DELETE SET NULL,
                type TEXT NOT NULL,
                secret BLOB NOT NULL,
                algorithm TEXT NOT NULL,
                digits INTEGER NOT NULL,
                period INTEGER NOT NULL,
                counter INTEGER NOT NULL DEFAULT 0,
                last_used_step INTEGER,
                drift_steps INTEGER NOT NULL DEFAULT 0,
                created_utc TEXT NOT NULL);
              INSERT INTO otp_token_v5 (id, serial, user_id, type, secret, algorithm, digits, period, counter, last_used_step, drift_steps, created_utc)
                SELECT id, serial, user_id, type, secret, algorithm, digits, period, counter, last_used_step, drift_steps, created_utc FROM otp_token;
              DROP TABLE otp_token;
              ALTER TABLE otp_token_v5 RENAME TO otp_token;
              CREATE INDEX otp_token_user ON otp_token (user_id);
              ALTER TABLE mfa_user ADD COLUMN default_token_id INTEGER;
              CREATE TRIGGER otp_token_default_kept_on_add BEFORE INSERT ON otp_token WHEN NEW.user_id IS NOT NULL
                BEGIN UPDATE mfa_user SET default_token_id = (SELECT id FROM otp_token WHERE user_id = NEW.user_id ORDER BY id LIMIT 1)
                  WHERE id = NEW.user_id AND default_token_id IS NULL; END;
              CREATE TRIGGER otp_token_default_kept_on_assign BEFORE UPDATE OF user_id ON otp_token WHEN NEW.user_id IS NOT NULL AND OLD.user_id IS NOT NEW.user_id
                BEGIN UPDATE mfa_user SET default_token_id = (SELECT id FROM otp_token WHERE user_id = NEW.user_id ORDER BY id LIMIT 1)
                  WHERE id = NEW.user_id AND default_token_id IS NULL; END;
              CREATE TRIGGER otp_token_default_removed AFTER DELETE ON otp_token
                BEGIN UPDATE mfa_user SET default_token_id = NULL WHERE default_token_id = OLD.id; END;
              CREATE TRIGGER otp_token_default_reassigned AFTER UPDATE OF user_id ON otp_token WHEN OLD.user_id IS NOT NEW.user_id
                BEGIN UPDATE mfa_user SET default_token_id = NULL WHERE default_token_id = OLD.id; END;",

            // 6: upstream RADIUS servers must sign their replies with Message-Authenticator (BlastRADIUS, CVE-2024-3596);
            // the servers already stored are held to it too: an admin turns it off for one that cannot sign.
            @"ALTER TABLE upstream_radius_server ADD COLUMN require_message_authenticator INTEGER NOT NULL DEFAULT 1;",

            // 7: a value sealed with the store's key, so that a replaced key file is refused before anything is sealed with it (StoreKeyCheck).
            @"CREATE TABLE store_key_check (id INTEGER PRIMARY KEY CHECK (id = 1), sealed BLOB NOT NULL);",

            // 8: codes sent for logins refused whatever they carry (unknown, unenrolled, disabled or locked users, decoy
            // challenges), counted on one row of their own: each such login writes it as a real wrong code writes its
            // user's row, so that both cost one commit of the same size and take the same time.
            @"CREATE TABLE decoy_attempts (id INTEGER PRIMARY KEY CHECK (id = 1), attempts INTEGER NOT NULL, last_utc TEXT);
              INSERT INTO decoy_attempts (id, attempts) VALUES (1, 0);",

            // 9: users are looked up by a key of their name (Users/UserNameKey: without case, width or accents, as Active
            // Directory compares names), not by user_name and bare_name with NOCASE, which folds ASCII only ('ŁUKASZ' missed
            // 'łukasz' and passed as unknown). The keys are computed by the rasmfa_name_key and rasmfa_bare_key functions that
            // Apply registers on the connection; RasMfa writes them with every name from then on. Not unique: users that now
            // share a key were told apart before, and stay (a login by such a name is refused as ambiguous until the admin
            // renames or removes one). bare_name is still written, but no longer read.
            @"ALTER TABLE mfa_user ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
              ALTER TABLE mfa_user ADD COLUMN bare_key TEXT NOT NULL DEFAULT '';
              UPDATE mfa_user SET name_key = rasmfa_name_key(user_name), bare_key = rasmfa_bare_key(user_name);
              CREATE INDEX mfa_user_name_key ON mfa_user (name_key);
              CREATE INDEX mfa_user_bare_key ON mfa_user (bare_key);",

            // 10: the name key walks names by code point (marks and case outside the BMP) and drops the few other characters
            // sort keys ignore (tatweel, ...): every key is computed again, as step 9 computed it.
            @"UPDATE mfa_user SET name_key = rasmfa_name_key(user_name), bare_key = rasmfa_bare_key(user_name);",

            // 11: challenges in the store, so that any server sharing it finishes one another opened; and per request key
            // the server that claimed it and the answer it got, so that servers that all receive one request (RAS
            // active-active) answer it alike. Both expire and are purged by the listener in short batches. Keyed by random
            // octets, so stored by their key (WITHOUT ROWID): one tree per table to write, not two.
            @"CREATE TABLE challenge (
                state BLOB NOT NULL PRIMARY KEY,
                client_name TEXT NOT NULL,
                user_id INTEGER NOT NULL,
                user_name TEXT NOT NULL,
                requested_name TEXT,
                refusal TEXT,
                attempts INTEGER NOT NULL,
                method_name TEXT,
                method_data TEXT,
                reply_attributes BLOB NOT NULL,
                expires_utc TEXT NOT NULL,
                opened_by TEXT NOT NULL) WITHOUT ROWID;
              CREATE INDEX challenge_expires ON challenge (expires_utc);
              CREATE TABLE request_decision (
                request_key BLOB NOT NULL PRIMARY KEY,
                answer TEXT,
                state BLOB,
                reply_message TEXT,
                reply_attributes BLOB,
                claimed_by TEXT NOT NULL,
                claimed_utc TEXT NOT NULL,
                expires_utc TEXT NOT NULL) WITHOUT ROWID;
              CREATE INDEX request_decision_expires ON request_decision (expires_utc);",

            // 12: the store key's escrow (Storage/StoreKeyEscrowRows): the store's key wrapped with an admin's passphrase, so
            // that a server joining a shared store can get it. One per store; the SQLite store keeps none (its key is the
            // machine's: DPAPI or rasmfa.key), the table is here so that both schemas hold the same tables.
            @"CREATE TABLE store_key_escrow (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                created_utc TEXT NOT NULL,
                created_by TEXT NOT NULL,
                blob BLOB NOT NULL);",

            // 13: each audit record's id, made when its decision is (Audit/AuthenticationRecord.RecordId), unique, so that a
            // record written twice (its first write's commit lost on the way back, then written again from the spool) is one
            // row. Older rows have none (NULL, which the index does not compare).
            @"ALTER TABLE authentication_log ADD COLUMN record_id TEXT;
              CREATE UNIQUE INDEX authentication_log_record_id ON authentication_log (record_id);",

            // 14: how the store reaches people out of band (Delivery/): one provider per kind, its secret sealed.
            @"CREATE TABLE delivery_provider (
                kind TEXT NOT NULL PRIMARY KEY,
                provider TEXT NOT NULL,
                settings TEXT NOT NULL,
                secret BLOB NOT NULL,
                created_utc TEXT NOT NULL,
                modified_utc TEXT NOT NULL);",

            // 15 (bypass codes): a lost phone's one-time codes. Only a keyed hash is kept: HMAC-SHA256 under hash_key, a
            // random key per code sealed like the other secrets (SealedSecretColumns). Gone with their user.
            @"CREATE TABLE bypass_code (
                id INTEGER PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES mfa_user (id) ON DELETE CASCADE,
                hash_key BLOB NOT NULL,
                hash BLOB NOT NULL,
                uses_left INTEGER NOT NULL,
                created_utc TEXT NOT NULL,
                expires_utc TEXT NOT NULL,
                created_by TEXT NOT NULL);
              CREATE INDEX bypass_code_user ON bypass_code (user_id);",

            // 16 (issue 14, out-of-band codes): the methods a user holds beyond tokens and their default; per client the
            // methods allowed (NULL: the tokens only), the automation keywords, and what an empty password does; and the
            // send counters of the abuse limits, one row per scope and fixed window, shared by every server on the store.
            @"ALTER TABLE mfa_user ADD COLUMN methods TEXT;
              ALTER TABLE mfa_user ADD COLUMN default_method TEXT;
              ALTER TABLE radius_client ADD COLUMN allowed_methods TEXT;
              ALTER TABLE radius_client ADD COLUMN keywords TEXT;
              ALTER TABLE radius_client ADD COLUMN empty_password_action TEXT NOT NULL DEFAULT 'Challenge';
              CREATE TABLE send_window (
                scope TEXT NOT NULL,
                window_start INTEGER NOT NULL,
                sends INTEGER NOT NULL,
                expires INTEGER NOT NULL,
                PRIMARY KEY (scope, window_start)) WITHOUT ROWID;
              CREATE INDEX send_window_expires ON send_window (expires);",

            // 17: push approvals (Push/): found by the link token's hash, decided once by a conditional update, purged with
            // expired challenges; and the approval page's one setting row (its certificate password sealed).
            @"CREATE TABLE push_approval (
                id TEXT NOT NULL PRIMARY KEY,
                token_hash BLOB NOT NULL UNIQUE,
                user_name TEXT NOT NULL,
                client_name TEXT NOT NULL,
                source_address TEXT NULL,
                calling_station_id TEXT NULL,
                number INTEGER NOT NULL,
                choices TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                expires_utc TEXT NOT NULL,
                decision TEXT NOT NULL,
                decided_utc TEXT NULL);
              CREATE INDEX push_approval_expires ON push_approval (expires_utc);
              CREATE INDEX push_approval_user ON push_approval (user_name, decision);
              CREATE TABLE approval_page (
                id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                address TEXT NOT NULL,
                port INTEGER NOT NULL,
                public_url TEXT NOT NULL,
                certificate_path TEXT NULL,
                certificate_password BLOB NOT NULL,
                modified_utc TEXT NOT NULL);",

            // 18 (issue 15, Entra ID): tenants users are imported from through Graph. The one sealed column holds the client
            // secret or the PFX file's password (a sealed empty value when there is none); sync_scopes the imported groups.
            @"CREATE TABLE entra_tenant (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                tenant_id TEXT NOT NULL,
                client_id TEXT NOT NULL,
                cloud TEXT NOT NULL,
                credential_kind TEXT NOT NULL,
                certificate_thumbprint TEXT NULL,
                certificate_path TEXT NULL,
                secret BLOB NOT NULL,
                sync_scopes TEXT NOT NULL DEFAULT '',
                created_utc TEXT NOT NULL,
                modified_utc TEXT NOT NULL);",
            // 19 (push as a method): a client's own push timeout, NULL for the server's PushTimeoutSeconds.
            "ALTER TABLE radius_client ADD COLUMN push_timeout_seconds INTEGER NULL;",
            // 20 (issue 15, Entra sync): per tenant, the schedule, and each scope's delta links and members (JSON) that the
            // next Sync-RasMfaUser starts from.
            @"ALTER TABLE entra_tenant ADD COLUMN sync_state TEXT NOT NULL DEFAULT '';
              ALTER TABLE entra_tenant ADD COLUMN sync_interval_minutes INTEGER NOT NULL DEFAULT 0;
              ALTER TABLE entra_tenant ADD COLUMN last_sync_utc TEXT NULL;",
        };

        public static int Latest => Steps.Count;

        public static void Apply(SqliteConnection connection) => Apply(connection, Steps.Count);

        /// <summary>Runs the steps up to version <paramref name="upTo"/> (the tests build an older store with it).</summary>
        internal static void Apply(SqliteConnection connection, int upTo)
        {
            connection.CreateFunction("rasmfa_name_key", (string name) => UserNameKey.Of(name.Trim()), isDeterministic: true);
            connection.CreateFunction("rasmfa_bare_key", (string name) => UserNameRules.BareKey(name), isDeterministic: true);
            using var transaction = connection.BeginTransaction();
            long current = Scalar(connection, transaction, "PRAGMA user_version");
            if (current > Steps.Count)
                throw new StoreException(StoreErrorKind.Unreadable, "StoreSchemaTooNew", $"The database has schema version {current}; this RasMfa knows up to {Steps.Count}. Update RasMfa.");
            for (int step = (int)current; step < upTo; step++)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = Steps[step] + $"; PRAGMA user_version = {step + 1};";
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
    }
}
