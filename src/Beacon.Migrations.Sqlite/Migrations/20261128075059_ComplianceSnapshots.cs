using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "compliance_snapshots",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    data_version = table.Column<long>(type: "INTEGER", nullable: false),
                    cells_version = table.Column<long>(type: "INTEGER", nullable: true),
                    cells_day = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    cells = table.Column<string>(type: "TEXT", nullable: true),
                    computed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_compliance_snapshots", x => x.practice_id);
                    table.ForeignKey(
                        name: "fk_compliance_snapshots_practices_practice_id",
                        column: x => x.practice_id,
                        principalTable: "practices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "compliance_snapshots");
        }
    }
}
