using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DirectoryReferralPartners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "directory_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    practice_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    categories = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    services = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    age_min = table.Column<int>(type: "INTEGER", nullable: true),
                    age_max = table.Column<int>(type: "INTEGER", nullable: true),
                    genders = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    trafficking_types = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    nationalities = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    lgbtq_focus = table.Column<bool>(type: "INTEGER", nullable: false),
                    eligibility = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    service_area = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    confidential_location = table.Column<bool>(type: "INTEGER", nullable: false),
                    hours = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    open24x7 = table.Column<bool>(type: "INTEGER", nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    text_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    web = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    referral_methods = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    languages = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    interpreter_access = table.Column<bool>(type: "INTEGER", nullable: false),
                    accessibility = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    cost = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    insurance_notes = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    capacity = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    capacity_notes = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    law_enforcement_posture = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    confidentiality = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    trauma_informed = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    survivor_led = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    partner_contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    mou = table.Column<bool>(type: "INTEGER", nullable: false),
                    mou_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    on_patient_card = table.Column<bool>(type: "INTEGER", nullable: false),
                    patient_card_label = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    last_verified = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    verified_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    next_review = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    review_notice_for = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "national_resources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sort_order = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    text_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    web = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    hours = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    open24x7 = table.Column<bool>(type: "INTEGER", nullable: false),
                    languages = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    @operator = table.Column<string>(name: "operator", type: "TEXT", maxLength: 300, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    categories = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    law_enforcement_posture = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    last_verified = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_national_resources", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_directory_entries_practice_id_active_name",
                table: "directory_entries",
                columns: new[] { "practice_id", "active", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_directory_entries_practice_id_next_review",
                table: "directory_entries",
                columns: new[] { "practice_id", "next_review" });

            migrationBuilder.CreateIndex(
                name: "ix_national_resources_key",
                table: "national_resources",
                column: "key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "directory_entries");

            migrationBuilder.DropTable(
                name: "national_resources");
        }
    }
}
