using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
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
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data_version = table.Column<long>(type: "bigint", nullable: false),
                    cells_version = table.Column<long>(type: "bigint", nullable: true),
                    cells_day = table.Column<DateOnly>(type: "date", nullable: true),
                    cells = table.Column<string>(type: "text", nullable: true),
                    computed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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

            // Row-level security: each practice sees only its own kept dashboard figures.
            TenantSecurity.Enable(migrationBuilder, "compliance_snapshots");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            TenantSecurity.Disable(migrationBuilder, "compliance_snapshots");
            migrationBuilder.DropTable(
                name: "compliance_snapshots");
        }
    }
}
