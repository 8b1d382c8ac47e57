using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ModuleTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "module_times",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    progress_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    module_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    seconds_on_task = table.Column<int>(type: "INTEGER", nullable: false),
                    first_viewed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_module_times", x => x.id);
                    table.ForeignKey(
                        name: "fk_module_times_course_progress_progress_id",
                        column: x => x.progress_id,
                        principalTable: "course_progress",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_module_times_practice_id_progress_id_module_id",
                table: "module_times",
                columns: new[] { "practice_id", "progress_id", "module_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_module_times_progress_id",
                table: "module_times",
                column: "progress_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "module_times");
        }
    }
}
