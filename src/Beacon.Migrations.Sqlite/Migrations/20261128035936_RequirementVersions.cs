using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RequirementVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "access_expires_at",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "requirement_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    requirement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    valid_from = table.Column<DateTime>(type: "TEXT", nullable: false),
                    valid_to = table.Column<DateTime>(type: "TEXT", nullable: true),
                    definition = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_requirement_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_requirement_versions_requirements_requirement_id",
                        column: x => x.requirement_id,
                        principalTable: "requirements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_requirement_versions_practice_id_requirement_id_valid_from",
                table: "requirement_versions",
                columns: new[] { "practice_id", "requirement_id", "valid_from" });

            migrationBuilder.CreateIndex(
                name: "ix_requirement_versions_requirement_id",
                table: "requirement_versions",
                column: "requirement_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "requirement_versions");

            migrationBuilder.DropColumn(
                name: "access_expires_at",
                table: "AspNetUsers");
        }
    }
}
