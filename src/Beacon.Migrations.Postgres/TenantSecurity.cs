using Microsoft.EntityFrameworkCore.Migrations;

namespace Beacon.Migrations.Postgres;

/// <summary>
/// Row-level security for tenant tables. A row is visible and writable only when its practice_id equals the
/// connection's beacon.practice_id setting, or when the connection acts for the installation (beacon.system).
/// FORCE makes the policy bind the table owner too. Every migration that adds a tenant table calls
/// <see cref="Enable"/>; a test fails when a table with a practice_id column has no policy.
/// </summary>
internal static class TenantSecurity
{
    public static void Enable(MigrationBuilder migrationBuilder, string table, string column = "practice_id")
    {
        migrationBuilder.Sql($"""
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON {table}
                USING (current_setting('beacon.system', true) = 'on' OR {column} = nullif(current_setting('beacon.practice_id', true), '')::uuid)
                WITH CHECK (current_setting('beacon.system', true) = 'on' OR {column} = nullif(current_setting('beacon.practice_id', true), '')::uuid);
            """);
    }

    public static void Disable(MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"""
            DROP POLICY IF EXISTS tenant_isolation ON {table};
            ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
            ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
            """);
    }

    /// <summary>The audit log accepts INSERT only: UPDATE, DELETE and TRUNCATE raise, whoever runs them.</summary>
    public static void MakeAppendOnly(MigrationBuilder migrationBuilder, string table)
    {
        migrationBuilder.Sql($"""
            CREATE OR REPLACE FUNCTION beacon_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the % table is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END;
            $$;
            CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION beacon_append_only();
            CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                FOR EACH STATEMENT EXECUTE FUNCTION beacon_append_only();
            """);
    }
}
