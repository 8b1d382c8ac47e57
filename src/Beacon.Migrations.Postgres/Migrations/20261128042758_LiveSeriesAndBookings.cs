using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LiveSeriesAndBookings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "calendar_body",
                table: "outbox_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "calendar_method",
                table: "outbox_messages",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "capacity",
                table: "live_sessions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "recurrence_id",
                table: "live_sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sequence",
                table: "live_sessions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "series_id",
                table: "live_sessions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "live_series",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    course_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    track = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    site_id = table.Column<Guid>(type: "uuid", nullable: true),
                    location = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    instructor_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    first_date = table.Column<DateOnly>(type: "date", nullable: false),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    pattern = table.Column<int>(type: "integer", nullable: false),
                    r_rule = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_live_series", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "session_bookings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    seat = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    promoted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_bookings", x => x.id);
                    table.ForeignKey(
                        name: "fk_session_bookings_live_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "live_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_session_bookings_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "session_invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invited_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_session_invitations_live_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "live_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_session_invitations_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_live_sessions_series_id_recurrence_id",
                table: "live_sessions",
                columns: new[] { "series_id", "recurrence_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_practice_id_owner_user_id",
                table: "calendar_feeds",
                columns: new[] { "practice_id", "owner_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_live_series_practice_id_created_at",
                table: "live_series",
                columns: new[] { "practice_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_live_series_uid",
                table: "live_series",
                column: "uid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_session_bookings_practice_id_staff_member_id",
                table: "session_bookings",
                columns: new[] { "practice_id", "staff_member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_session_bookings_session_id_seat",
                table: "session_bookings",
                columns: new[] { "session_id", "seat" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_session_bookings_session_id_staff_member_id",
                table: "session_bookings",
                columns: new[] { "session_id", "staff_member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_session_bookings_staff_member_id",
                table: "session_bookings",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_invitations_session_id_staff_member_id",
                table: "session_invitations",
                columns: new[] { "session_id", "staff_member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_session_invitations_staff_member_id",
                table: "session_invitations",
                column: "staff_member_id");

            migrationBuilder.AddForeignKey(
                name: "fk_live_sessions_live_series_series_id",
                table: "live_sessions",
                column: "series_id",
                principalTable: "live_series",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            TenantSecurity.Enable(migrationBuilder, "live_series");
            TenantSecurity.Enable(migrationBuilder, "session_bookings");
            TenantSecurity.Enable(migrationBuilder, "session_invitations");
            TenantSecurity.Enable(migrationBuilder, "calendar_feeds");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_live_sessions_live_series_series_id",
                table: "live_sessions");

            migrationBuilder.DropTable(
                name: "calendar_feeds");

            migrationBuilder.DropTable(
                name: "live_series");

            migrationBuilder.DropTable(
                name: "session_bookings");

            migrationBuilder.DropTable(
                name: "session_invitations");

            migrationBuilder.DropIndex(
                name: "ix_live_sessions_series_id_recurrence_id",
                table: "live_sessions");

            migrationBuilder.DropColumn(
                name: "calendar_body",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "calendar_method",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "capacity",
                table: "live_sessions");

            migrationBuilder.DropColumn(
                name: "recurrence_id",
                table: "live_sessions");

            migrationBuilder.DropColumn(
                name: "sequence",
                table: "live_sessions");

            migrationBuilder.DropColumn(
                name: "series_id",
                table: "live_sessions");
        }
    }
}
