using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ScreeningInstrumentsAndTally : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "imported_instruments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    instrument_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    licence_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    imported_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    imported_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    imported_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    retired_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    retired_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_imported_instruments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "practice_toolkit_settings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tally_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    offered_instruments = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_practice_toolkit_settings", x => x.id);
                    table.ForeignKey(
                        name: "fk_practice_toolkit_settings_practices_practice_id",
                        column: x => x.practice_id,
                        principalTable: "practices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "screening_tallies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    site_id = table.Column<Guid>(type: "uuid", nullable: true),
                    instrument_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    band_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    actions = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_screening_tallies", x => x.id);
                    table.ForeignKey(
                        name: "fk_screening_tallies_practices_practice_id",
                        column: x => x.practice_id,
                        principalTable: "practices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_screening_tallies_sites_site_id",
                        column: x => x.site_id,
                        principalTable: "sites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_imported_instruments_instrument_id_version",
                table: "imported_instruments",
                columns: new[] { "instrument_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_practice_toolkit_settings_practice_id",
                table: "practice_toolkit_settings",
                column: "practice_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_screening_tallies_practice_id_day",
                table: "screening_tallies",
                columns: new[] { "practice_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_screening_tallies_site_id",
                table: "screening_tallies",
                column: "site_id");

            TenantSecurity.Enable(migrationBuilder, "practice_toolkit_settings");
            TenantSecurity.Enable(migrationBuilder, "screening_tallies");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            TenantSecurity.Disable(migrationBuilder, "practice_toolkit_settings");
            TenantSecurity.Disable(migrationBuilder, "screening_tallies");

            migrationBuilder.DropTable(
                name: "imported_instruments");

            migrationBuilder.DropTable(
                name: "practice_toolkit_settings");

            migrationBuilder.DropTable(
                name: "screening_tallies");
        }
    }
}
