using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ToolkitProtocolVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "protocol_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    markdown = table.Column<string>(type: "character varying(60000)", maxLength: 60000, nullable: false),
                    change_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    based_on_default = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    published_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    published_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    published_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_protocol_versions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_protocol_versions_practice_id_number",
                table: "protocol_versions",
                columns: new[] { "practice_id", "number" },
                unique: true);

            TenantSecurity.Enable(migrationBuilder, "protocol_versions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "protocol_versions");
        }
    }
}
