using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Requirements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "evidence_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    completion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    content_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_evidence_files_completions_completion_id",
                        column: x => x.completion_id,
                        principalTable: "completions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "requirements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    course_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    track = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    frequency = table.Column<int>(type: "integer", nullable: false),
                    months = table.Column<int>(type: "integer", nullable: false),
                    fixed_month = table.Column<int>(type: "integer", nullable: false),
                    fixed_day = table.Column<int>(type: "integer", nullable: false),
                    new_hire_days = table.Column<int>(type: "integer", nullable: false),
                    grace_days = table.Column<int>(type: "integer", nullable: false),
                    early_days = table.Column<int>(type: "integer", nullable: false),
                    due_soon_days = table.Column<int>(type: "integer", nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    roles = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    sites = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    licence_types = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    licence_states = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    mandate_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    mandate_reading = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_requirements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_snapshots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    valid_from = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    valid_to = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    job_role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    site_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hire_date = table.Column<DateOnly>(type: "date", nullable: true),
                    licence_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    licence_state = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    licence_expiry = table.Column<DateOnly>(type: "date", nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_snapshots", x => x.id);
                    table.ForeignKey(
                        name: "fk_staff_snapshots_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "exemptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requirement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    until = table.Column<DateOnly>(type: "date", nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exemptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_exemptions_requirements_requirement_id",
                        column: x => x.requirement_id,
                        principalTable: "requirements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_exemptions_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "requirement_statuses",
                columns: table => new
                {
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requirement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    site_id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    applies = table.Column<bool>(type: "boolean", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: true),
                    overdue_after = table.Column<DateOnly>(type: "date", nullable: true),
                    due_soon_from = table.Column<DateOnly>(type: "date", nullable: true),
                    exempt_from = table.Column<DateOnly>(type: "date", nullable: true),
                    exempt_until = table.Column<DateOnly>(type: "date", nullable: true),
                    last_completed = table.Column<DateOnly>(type: "date", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_requirement_statuses", x => new { x.practice_id, x.requirement_id, x.staff_member_id });
                    table.ForeignKey(
                        name: "fk_requirement_statuses_requirements_requirement_id",
                        column: x => x.requirement_id,
                        principalTable: "requirements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_requirement_statuses_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_evidence_files_completion_id",
                table: "evidence_files",
                column: "completion_id");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_files_practice_id_staff_member_id",
                table: "evidence_files",
                columns: new[] { "practice_id", "staff_member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_exemptions_practice_id_staff_member_id_requirement_id",
                table: "exemptions",
                columns: new[] { "practice_id", "staff_member_id", "requirement_id" });

            migrationBuilder.CreateIndex(
                name: "ix_exemptions_requirement_id",
                table: "exemptions",
                column: "requirement_id");

            migrationBuilder.CreateIndex(
                name: "ix_exemptions_staff_member_id",
                table: "exemptions",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_requirement_statuses_practice_id_applies_site_id_job_role",
                table: "requirement_statuses",
                columns: new[] { "practice_id", "applies", "site_id", "job_role" });

            migrationBuilder.CreateIndex(
                name: "ix_requirement_statuses_practice_id_staff_member_id",
                table: "requirement_statuses",
                columns: new[] { "practice_id", "staff_member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_requirement_statuses_requirement_id",
                table: "requirement_statuses",
                column: "requirement_id");

            migrationBuilder.CreateIndex(
                name: "ix_requirement_statuses_staff_member_id",
                table: "requirement_statuses",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_requirements_practice_id_active",
                table: "requirements",
                columns: new[] { "practice_id", "active" });

            migrationBuilder.CreateIndex(
                name: "ix_staff_snapshots_practice_id_staff_member_id_valid_from",
                table: "staff_snapshots",
                columns: new[] { "practice_id", "staff_member_id", "valid_from" });

            migrationBuilder.CreateIndex(
                name: "ix_staff_snapshots_practice_id_valid_from_valid_to",
                table: "staff_snapshots",
                columns: new[] { "practice_id", "valid_from", "valid_to" });

            migrationBuilder.CreateIndex(
                name: "ix_staff_snapshots_staff_member_id",
                table: "staff_snapshots",
                column: "staff_member_id");

            foreach (var table in new[] { "requirements", "exemptions", "evidence_files", "requirement_statuses", "staff_snapshots" })
            {
                TenantSecurity.Enable(migrationBuilder, table);
            }

            // The roster as it is now opens everyone's history (the first snapshot reuses the person's id).
            migrationBuilder.Sql("""
                SELECT set_config('beacon.system', 'on', true);
                INSERT INTO staff_snapshots (id, practice_id, staff_member_id, valid_from, valid_to, job_role, site_id, hire_date, licence_type, licence_state, licence_expiry, active)
                SELECT id, practice_id, id, created_at, NULL, job_role, site_id, hire_date, licence_type, licence_state, licence_expiry, active FROM staff_members;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evidence_files");

            migrationBuilder.DropTable(
                name: "exemptions");

            migrationBuilder.DropTable(
                name: "requirement_statuses");

            migrationBuilder.DropTable(
                name: "staff_snapshots");

            migrationBuilder.DropTable(
                name: "requirements");
        }
    }
}
