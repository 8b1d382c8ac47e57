using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    read_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reminder_ledger",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    requirement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cycle = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    local_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    folded_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    outbox_message_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_ledger", x => new { x.practice_id, x.person_id, x.requirement_id, x.cycle, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "reminder_mail_days",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    local_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    outbox_message_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_mail_days", x => new { x.practice_id, x.recipient, x.audience, x.local_day });
                });

            migrationBuilder.CreateTable(
                name: "reminder_preferences",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    preferred_hour = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    before_days = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    weekly_while_overdue = table.Column<bool>(type: "INTEGER", nullable: false),
                    manager_after_days = table.Column<int>(type: "INTEGER", nullable: false),
                    admin_after_days = table.Column<int>(type: "INTEGER", nullable: false),
                    digest_day = table.Column<int>(type: "INTEGER", nullable: false),
                    earliest_hour = table.Column<int>(type: "INTEGER", nullable: false),
                    latest_hour = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
