using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "last_name",
                table: "staff_snapshots",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "access_expires_at",
                table: "invitations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "compliance_trend_months",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    month_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    counted = table.Column<int>(type: "INTEGER", nullable: false),
                    compliant = table.Column<int>(type: "INTEGER", nullable: false),
                    computed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_compliance_trend_months", x => new { x.practice_id, x.month_end });
                });

            // Snapshots written before names were kept take the roster's name of today (the best there is).
            migrationBuilder.Sql("""
                UPDATE staff_snapshots SET
                    first_name = (SELECT m.first_name FROM staff_members AS m WHERE m.id = staff_snapshots.staff_member_id),
                    last_name = (SELECT m.last_name FROM staff_members AS m WHERE m.id = staff_snapshots.staff_member_id)
                WHERE EXISTS (SELECT 1 FROM staff_members AS m WHERE m.id = staff_snapshots.staff_member_id);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
