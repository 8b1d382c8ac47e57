using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Beacon.Migrations.Postgres.Migrations
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    practice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    categories = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    services = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    age_min = table.Column<int>(type: "integer", nullable: true),
                    age_max = table.Column<int>(type: "integer", nullable: true),
                    genders = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    trafficking_types = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    nationalities = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    lgbtq_focus = table.Column<bool>(type: "boolean", nullable: false),
                    eligibility = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    service_area = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    confidential_location = table.Column<bool>(type: "boolean", nullable: false),
                    hours = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    open24x7 = table.Column<bool>(type: "boolean", nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    text_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    web = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    referral_methods = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    languages = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    interpreter_access = table.Column<bool>(type: "boolean", nullable: false),
                    accessibility = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    cost = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    insurance_notes = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    capacity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    capacity_notes = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    law_enforcement_posture = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    confidentiality = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    trauma_informed = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    survivor_led = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    partner_contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    mou = table.Column<bool>(type: "boolean", nullable: false),
                    mou_date = table.Column<DateOnly>(type: "date", nullable: true),
                    on_patient_card = table.Column<bool>(type: "boolean", nullable: false),
                    patient_card_label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    last_verified = table.Column<DateOnly>(type: "date", nullable: false),
                    verified_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    next_review = table.Column<DateOnly>(type: "date", nullable: false),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    review_notice_for = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_directory_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "national_resources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    text_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    web = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    hours = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    open24x7 = table.Column<bool>(type: "boolean", nullable: false),
                    languages = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    @operator = table.Column<string>(name: "operator", type: "character varying(300)", maxLength: 300, nullable: true),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    categories = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    law_enforcement_posture = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    last_verified = table.Column<DateOnly>(type: "date", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            TenantSecurity.Enable(migrationBuilder, "directory_entries");
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
