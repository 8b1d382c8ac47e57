using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PointInTimeReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "first_name",
                table: "staff_snapshots",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "last_name",
                table: "staff_snapshots",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "access_expires_at",
                table: "invitations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "compliance_trend_months",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month_end = table.Column<DateOnly>(type: "date", nullable: false),
                    counted = table.Column<int>(type: "integer", nullable: false),
                    compliant = table.Column<int>(type: "integer", nullable: false),
                    computed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_compliance_trend_months", x => new { x.practice_id, x.month_end });
                });
            TenantSecurity.Enable(migrationBuilder, "compliance_trend_months");

            // Snapshots written before names were kept take the roster's name of today (the best there is).
            migrationBuilder.Sql("""
                SELECT set_config('beacon.system', 'on', true);
                UPDATE staff_snapshots AS s SET first_name = m.first_name, last_name = m.last_name
                FROM staff_members AS m WHERE m.id = s.staff_member_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            TenantSecurity.Disable(migrationBuilder, "compliance_trend_months");
            migrationBuilder.DropTable(
                name: "compliance_trend_months");

            migrationBuilder.DropColumn(
                name: "first_name",
                table: "staff_snapshots");

            migrationBuilder.DropColumn(
                name: "last_name",
                table: "staff_snapshots");

            migrationBuilder.DropColumn(
                name: "access_expires_at",
                table: "invitations");
        }
    }
}
