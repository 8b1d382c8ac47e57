using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RemindersLedgerNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    link = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reminder_ledger",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requirement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle = table.Column<DateOnly>(type: "date", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    audience = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    local_day = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    folded_on = table.Column<DateOnly>(type: "date", nullable: true),
                    outbox_message_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_ledger", x => new { x.practice_id, x.person_id, x.requirement_id, x.cycle, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "reminder_mail_days",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    audience = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    local_day = table.Column<DateOnly>(type: "date", nullable: false),
                    outbox_message_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_mail_days", x => new { x.practice_id, x.recipient, x.audience, x.local_day });
                });

            migrationBuilder.CreateTable(
                name: "reminder_preferences",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    preferred_hour = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_preferences", x => new { x.practice_id, x.staff_member_id });
                    table.ForeignKey(
                        name: "fk_reminder_preferences_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reminder_settings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    before_days = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    weekly_while_overdue = table.Column<bool>(type: "boolean", nullable: false),
                    manager_after_days = table.Column<int>(type: "integer", nullable: false),
                    admin_after_days = table.Column<int>(type: "integer", nullable: false),
                    digest_day = table.Column<int>(type: "integer", nullable: false),
                    earliest_hour = table.Column<int>(type: "integer", nullable: false),
                    latest_hour = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_reminder_settings_practices_practice_id",
                        column: x => x.practice_id,
                        principalTable: "practices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_practice_id_user_id_created_at",
                table: "notifications",
                columns: new[] { "practice_id", "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_practice_id_user_id_read_at",
                table: "notifications",
                columns: new[] { "practice_id", "user_id", "read_at" });

            migrationBuilder.CreateIndex(
                name: "ix_reminder_ledger_practice_id_folded_on",
                table: "reminder_ledger",
                columns: new[] { "practice_id", "folded_on" });

            migrationBuilder.CreateIndex(
                name: "ix_reminder_preferences_staff_member_id",
                table: "reminder_preferences",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_reminder_settings_practice_id",
                table: "reminder_settings",
                column: "practice_id",
                unique: true);

            // Row-level security: each practice sees only its own reminders and notifications.
            TenantSecurity.Enable(migrationBuilder, "reminder_settings");
            TenantSecurity.Enable(migrationBuilder, "reminder_preferences");
            TenantSecurity.Enable(migrationBuilder, "reminder_ledger");
            TenantSecurity.Enable(migrationBuilder, "reminder_mail_days");
            TenantSecurity.Enable(migrationBuilder, "notifications");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            TenantSecurity.Disable(migrationBuilder, "reminder_settings");
            TenantSecurity.Disable(migrationBuilder, "reminder_preferences");
            TenantSecurity.Disable(migrationBuilder, "reminder_ledger");
            TenantSecurity.Disable(migrationBuilder, "reminder_mail_days");
            TenantSecurity.Disable(migrationBuilder, "notifications");
            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "reminder_ledger");

            migrationBuilder.DropTable(
                name: "reminder_mail_days");

            migrationBuilder.DropTable(
                name: "reminder_preferences");

            migrationBuilder.DropTable(
                name: "reminder_settings");
        }
    }
}
