using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Learning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "employee_assistance",
                table: "practices",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "assessment_attempts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    course_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    track = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    mode = table.Column<int>(type: "INTEGER", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    paper = table.Column<string>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    submitted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    score = table.Column<int>(type: "INTEGER", nullable: true),
                    question_count = table.Column<int>(type: "INTEGER", nullable: false),
                    passed = table.Column<bool>(type: "INTEGER", nullable: true),
                    recorded_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_assessment_attempts_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "completions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    course_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    track = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    basis = table.Column<int>(type: "INTEGER", nullable: false),
                    attempt_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    ce_hours = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    completed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_completions", x => x.id);
                    table.ForeignKey(
                        name: "fk_completions_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "course_progress",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    course_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    track = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    current_module_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    current_part = table.Column<int>(type: "INTEGER", nullable: false),
                    seconds_on_task = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_course_progress", x => x.id);
                    table.ForeignKey(
                        name: "fk_course_progress_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "course_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    course_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    package = table.Column<string>(type: "TEXT", nullable: false),
                    published_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_course_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "live_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    course_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    track = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    site_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    instructor_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ends_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    check_in_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_live_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "attempt_answers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    attempt_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    question_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    chosen = table.Column<int>(type: "INTEGER", nullable: true),
                    correct = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attempt_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_attempt_answers_assessment_attempts_attempt_id",
                        column: x => x.attempt_id,
                        principalTable: "assessment_attempts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "certificates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    completion_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    verification_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    issued_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revoked_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    revoked_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificates", x => x.id);
                    table.ForeignKey(
                        name: "fk_certificates_completions_completion_id",
                        column: x => x.completion_id,
                        principalTable: "completions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "check_answers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    progress_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    question_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    chosen = table.Column<int>(type: "INTEGER", nullable: false),
                    correct = table.Column<bool>(type: "INTEGER", nullable: false),
                    answered_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_check_answers_course_progress_progress_id",
                        column: x => x.progress_id,
                        principalTable: "course_progress",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "module_completions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    progress_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    module_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    seconds_on_task = table.Column<int>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_module_completions", x => x.id);
                    table.ForeignKey(
                        name: "fk_module_completions_course_progress_progress_id",
                        column: x => x.progress_id,
                        principalTable: "course_progress",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "attendances",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    staff_member_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    method = table.Column<int>(type: "INTEGER", nullable: false),
                    checked_in_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_attendances", x => x.id);
                    table.ForeignKey(
                        name: "fk_attendances_live_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "live_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_attendances_staff_members_staff_member_id",
                        column: x => x.staff_member_id,
                        principalTable: "staff_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assessment_attempts_practice_id_session_id",
                table: "assessment_attempts",
                columns: new[] { "practice_id", "session_id" });

            migrationBuilder.CreateIndex(
                name: "ix_assessment_attempts_practice_id_staff_member_id_course_id_kind_started_at",
                table: "assessment_attempts",
                columns: new[] { "practice_id", "staff_member_id", "course_id", "kind", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_assessment_attempts_staff_member_id",
                table: "assessment_attempts",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_attempt_answers_attempt_id",
                table: "attempt_answers",
                column: "attempt_id");

            migrationBuilder.CreateIndex(
                name: "ix_attempt_answers_practice_id_attempt_id_position",
                table: "attempt_answers",
                columns: new[] { "practice_id", "attempt_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attempt_answers_practice_id_question_id",
                table: "attempt_answers",
                columns: new[] { "practice_id", "question_id" });

            migrationBuilder.CreateIndex(
                name: "ix_attendances_practice_id_session_id_staff_member_id",
                table: "attendances",
                columns: new[] { "practice_id", "session_id", "staff_member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_attendances_session_id",
                table: "attendances",
                column: "session_id");

            migrationBuilder.CreateIndex(
                name: "ix_attendances_staff_member_id",
                table: "attendances",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_certificates_completion_id",
                table: "certificates",
                column: "completion_id");

            migrationBuilder.CreateIndex(
                name: "ix_certificates_number",
                table: "certificates",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificates_practice_id_completion_id",
                table: "certificates",
                columns: new[] { "practice_id", "completion_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificates_practice_id_staff_member_id",
                table: "certificates",
                columns: new[] { "practice_id", "staff_member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_certificates_verification_code",
                table: "certificates",
                column: "verification_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_check_answers_practice_id_progress_id_question_id",
                table: "check_answers",
                columns: new[] { "practice_id", "progress_id", "question_id" });

            migrationBuilder.CreateIndex(
                name: "ix_check_answers_practice_id_question_id",
                table: "check_answers",
                columns: new[] { "practice_id", "question_id" });

            migrationBuilder.CreateIndex(
                name: "ix_check_answers_progress_id",
                table: "check_answers",
                column: "progress_id");

            migrationBuilder.CreateIndex(
                name: "ix_completions_practice_id_attempt_id",
                table: "completions",
                columns: new[] { "practice_id", "attempt_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_completions_practice_id_staff_member_id_completed_on",
                table: "completions",
                columns: new[] { "practice_id", "staff_member_id", "completed_on" });

            migrationBuilder.CreateIndex(
                name: "ix_completions_staff_member_id",
                table: "completions",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_course_progress_practice_id_staff_member_id_course_id_version_track",
                table: "course_progress",
                columns: new[] { "practice_id", "staff_member_id", "course_id", "version", "track" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_course_progress_staff_member_id",
                table: "course_progress",
                column: "staff_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_course_versions_course_id_version",
                table: "course_versions",
                columns: new[] { "course_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_live_sessions_check_in_code",
                table: "live_sessions",
                column: "check_in_code");

            migrationBuilder.CreateIndex(
                name: "ix_live_sessions_practice_id_starts_at",
                table: "live_sessions",
                columns: new[] { "practice_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_module_completions_practice_id_progress_id_module_id",
                table: "module_completions",
                columns: new[] { "practice_id", "progress_id", "module_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_module_completions_progress_id",
                table: "module_completions",
                column: "progress_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "attempt_answers");

            migrationBuilder.DropTable(
                name: "attendances");

            migrationBuilder.DropTable(
                name: "certificates");

            migrationBuilder.DropTable(
                name: "check_answers");

            migrationBuilder.DropTable(
                name: "course_versions");

            migrationBuilder.DropTable(
                name: "module_completions");

            migrationBuilder.DropTable(
                name: "assessment_attempts");

            migrationBuilder.DropTable(
                name: "live_sessions");

            migrationBuilder.DropTable(
                name: "completions");

            migrationBuilder.DropTable(
                name: "course_progress");

            migrationBuilder.DropColumn(
                name: "employee_assistance",
                table: "practices");
        }
    }
}
