using System.Net;
using Beacon.Data;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Roster.RosterFiles;

namespace Beacon.Tests.Roster;

public sealed class RosterImportTests
{
    [Theory, DatabaseData]
    public async Task Preview_lists_every_bad_row_with_its_line_column_and_reason_and_writes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        await app.AddPersonAsync(admin.PracticeId, admin.North, "Ann", "Boss", "ann.boss@example.test", "M001");
        var before = await app.RosterFingerprintAsync(admin.PracticeId);

        var file = Csv(
            Header,
            "Good,Person,good@example.test,E001,registered-nurse,North Clinic,2024-02-01,M001,,,,,yes",         // 2: fine
            "No,Email,,E002,front-desk,North Clinic,,,,,,,",                                                   // 3: missing email
            "Bad,Date,bad.date@example.test,E003,billing,South Clinic,31/02/2024,,,,,,",                      // 4: bad date
            "Wrong,Site,wrong.site@example.test,E004,billing,Downtown,,,,,,,",                                // 5: unknown site
            "Twin,One,twin@example.test,E005,billing,North Clinic,,,,,,,",                                    // 6: fine
            "Twin,Two,TWIN@example.test,E006,billing,North Clinic,,,,,,,",                                    // 7: duplicate email of line 6
            "Lost,Manager,lost@example.test,E007,billing,North Clinic,,X999,,,,,",                            // 8: unknown manager
            "=HYPERLINK(\"http://evil.test\"),Formula,formula@example.test,E008,billing,North Clinic,,,,,,,", // 9: formula cell
            "Odd,Role,odd.role@example.test,E009,janitor,North Clinic,,,,,,,",                                // 10: unknown job role
            "Short,Row,short@example.test",                                                                   // 11: wrong cell count (and no role/site)
            "Own,Boss,own@example.test,E011,billing,North Clinic,,E011,,,,,",                                 // 12: own manager
            "No,Type,notype@example.test,E012,physician,North Clinic,,,,,TX,,");                              // 13: state without type

        var import = await admin.Client.UploadAndCheckAsync(app, file);

        Assert.Equal(RosterImportStatus.Previewed, import.Status);
        Assert.Null(import.FileError);
        var issues = await app.IssuesAsync(import.Id);
        void Has(int line, string? column, string text) => Assert.True(
            issues.Any(i => i.Line == line && i.Column == column && i.Message.Contains(text, StringComparison.OrdinalIgnoreCase)),
            $"Expected a problem on line {line} ({column}) about “{text}”. Found:\n" + string.Join("\n", issues.Select(i => $"{i.Line} {i.Column}: {i.Message}")));
        Has(3, "email", "missing");
        Has(4, "hire_date", "31/02/2024");
        Has(5, "site", "Downtown");
        Has(7, "email", "also on line 6");
        Has(8, "manager_employee_id", "X999");
        Has(9, "first_name", "formula");
        Has(10, "job_role", "janitor");
        Has(10, "job_role", "registered-nurse");
        Has(11, null, "3 cells but the header has 13");
        Has(12, "manager_employee_id", "own manager");
        Has(13, "licence_state", "without a licence type");
        Assert.DoesNotContain(issues, i => i.Line is 2 or 6);
        Assert.Equal(issues.Count, import.ErrorCount);
        // Good rows are still planned (so the admin sees what would happen), but nothing can be applied.
        Assert.Equal(2, import.AddCount);

        var page = await admin.Client.GetPageAsync($"/roster/imports/{import.Id}");
        Assert.Contains("Downtown", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"form[action='/roster/imports/{import.Id}/apply']"));
        var apply = await admin.Client.ApplyAsync(import.Id);
        Assert.Equal(HttpStatusCode.Redirect, apply.StatusCode);
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString(), import.Id.ToString())));
    }

    [Theory, DatabaseData]
    public async Task Apply_adds_updates_and_deactivates_matching_by_employee_id_then_email(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var byId = await app.AddPersonAsync(admin.PracticeId, admin.North, "Bea", "Byid", "bea.old@example.test", "E100");
        var byEmail = await app.AddPersonAsync(admin.PracticeId, admin.North, "Cal", "Byemail", "cal@example.test");
        var leaver = await app.AddPersonAsync(admin.PracticeId, admin.South, "Dee", "Leaver", "dee@example.test", "E300");
        var gone = await app.AddPersonAsync(admin.PracticeId, admin.South, "Eve", "Notinfile", "eve@example.test", "E400");
        var returning = await app.AddPersonAsync(admin.PracticeId, admin.North, "Fay", "Returns", "fay@example.test", "E500", active: false);
        var same = await app.AddPersonAsync(admin.PracticeId, admin.North, "Gus", "Same", "gus@example.test", "E600", jobRole: "billing");

        var file = Csv(
            Header,
            // Same employee ID, new email and site: an update found by employee ID.
            "Bea,Byid,bea.new@example.test,E100,registered-nurse,South Clinic,,,,,,,yes",
            // No employee ID on the roster: found by email (any case), gets one.
            "Cal,Byemail,CAL@Example.test,E200,registered-nurse,North Clinic,,N001,RN,R-1,TX,2027-06-30,yes",
            "Dee,Leaver,dee@example.test,E300,registered-nurse,South Clinic,,,,,,,no",
            "Fay,Returns,fay@example.test,E500,registered-nurse,North Clinic,,,,,,,yes",
            "Gus,Same,gus@example.test,E600,billing,North Clinic,,,,,,,yes",
            // New, and the manager of Cal above: managers may be new people in the same file.
            "Nia,New,nia@example.test,N001,physician,North Clinic,2025-09-01,,MD,MD-77,TX,2028-01-31,yes");

        var import = await admin.Client.UploadAndCheckAsync(app, file, fullRoster: true);
        Assert.Equal(0, import.ErrorCount);
        Assert.Equal((1, 3, 2, 1), (import.AddCount, import.UpdateCount, import.DeactivateCount, import.UnchangedCount));
        var changes = await app.ChangesAsync(import.Id);
        Assert.Contains(changes, c => c.Kind == RosterChangeKind.Update && c.Line == 2 && c.Detail!.Contains("email: bea.old@example.test → bea.new@example.test", StringComparison.Ordinal) && c.Detail.Contains("site: North Clinic → South Clinic", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Kind == RosterChangeKind.Reactivate && c.Line == 5);
        Assert.Contains(changes, c => c.Kind == RosterChangeKind.Deactivate && c.Line == 0 && c.PersonName == "Eve Notinfile");

        var preview = await admin.Client.GetPageAsync($"/roster/imports/{import.Id}");
        var applyForm = preview.QuerySelector($"form[action='/roster/imports/{import.Id}/apply']");
        Assert.NotNull(applyForm?.QuerySelector("input[name=__RequestVerificationToken]"));
        var lastAudit = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(e => e.Sequence), admin.PracticeId);
        var response = await admin.Client.PostFormWithTokenAsync($"/roster/imports/{import.Id}/apply", [], Html.Token(preview)!);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var applied = await app.WaitForImportAsync(import.Id);
        Assert.Equal(RosterImportStatus.Applied, applied.Status);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, applied.AppliedAt);

        var people = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().ToDictionaryAsync(s => s.Email), admin.PracticeId);
        Assert.Equal(7, people.Count);
        Assert.Equal(byId.Id, people["bea.new@example.test"].Id);
        Assert.Equal(admin.South, people["bea.new@example.test"].SiteId);
        var cal = people["cal@example.test"];
        Assert.Equal((byEmail.Id, "E200", "RN", "TX"), (cal.Id, cal.EmployeeId, cal.LicenceType, cal.LicenceState));
        Assert.Equal(people["nia@example.test"].Id, cal.ManagerId);
        Assert.Equal((false, app.Time.GetUtcNow().UtcDateTime), (people["dee@example.test"].Active, people["dee@example.test"].DeactivatedAt));
        Assert.False(people["eve@example.test"].Active);
        Assert.Equal(gone.Id, people["eve@example.test"].Id);
        Assert.True(people["fay@example.test"].Active);
        Assert.Null(people["fay@example.test"].DeactivatedAt);
        Assert.Equal(same.UpdatedAt, people["gus@example.test"].UpdatedAt);
        Assert.Equal(leaver.Id, people["dee@example.test"].Id);
        Assert.Equal(returning.Id, people["fay@example.test"].Id);
        Assert.Equal(new DateOnly(2028, 1, 31), people["nia@example.test"].LicenceExpiry);

        // The file's copy is deleted once applied; the audit log names the administrator who applied it.
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString(), import.Id.ToString())));
        var actors = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.TargetType == "staff" && e.Sequence > lastAudit).Select(e => e.ActorUserId).Distinct().ToListAsync(), admin.PracticeId);
        Assert.Equal([admin.Account.UserId], actors);
    }

    [Theory, DatabaseData]
    public async Task Importing_the_same_file_again_plans_and_writes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var file = Csv(
            Header,
            "Ana,Alpha,Ana.Alpha@Example.test,A1,physician,North Clinic,2020-05-01,,MD,MD1,TX,2027-01-01,yes",
            "Ben,Beta,ben@example.test,A2,medical-assistant,South Clinic,5/3/2021,A1,,,,,yes",
            "Cy,Gamma,cy@example.test,,Front desk / reception,north clinic,,,,,,,no");
        var first = await admin.Client.UploadAndCheckAsync(app, file, fullRoster: true);
        Assert.Equal((3, 0), (first.AddCount, first.ErrorCount));
        await admin.Client.ApplyAsync(first.Id);
        Assert.Equal(RosterImportStatus.Applied, (await app.WaitForImportAsync(first.Id)).Status);

        var roster = await app.RosterFingerprintAsync(admin.PracticeId);
        var audit = await app.StaffAuditCountAsync(admin.PracticeId);
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await admin.Client.UploadAndCheckAsync(app, file, "roster-again.csv", fullRoster: true);
        Assert.Equal((0, 0, 0, 3, 0), (again.AddCount, again.UpdateCount, again.DeactivateCount, again.UnchangedCount, again.ErrorCount));
        await admin.Client.ApplyAsync(again.Id);
        Assert.Equal(RosterImportStatus.Applied, (await app.WaitForImportAsync(again.Id)).Status);

        Assert.Equal(roster, await app.RosterFingerprintAsync(admin.PracticeId));
        Assert.Equal(audit, await app.StaffAuditCountAsync(admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task A_fault_in_the_middle_of_apply_leaves_the_roster_exactly_as_it_was(DatabaseProvider provider)
    {
        var fault = new FailingStaffInsert(failOnInsert: 3);
        await using var app = await BeaconApp.StartAsync(provider, a => a
            .WithSetting("RosterImport:ApplyBatchSize", "2")
            .WithServices(s => s.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(fault)));
        var admin = await app.PracticeWithAdminAsync(staff: 4);
        var file = Csv(
            Header,
            "Person1,Changed,changed1@example.test,E0001,physician,South Clinic,,,,,,,yes",
            "New,One,new1@example.test,N1,billing,North Clinic,,,,,,,yes",
            "New,Two,new2@example.test,N2,billing,North Clinic,,,,,,,yes",
            "New,Three,new3@example.test,N3,billing,North Clinic,,N1,,,,,yes",
            "New,Four,new4@example.test,N4,billing,North Clinic,,,,,,,yes");
        var import = await admin.Client.UploadAndCheckAsync(app, file, fullRoster: true);
        Assert.Equal((4, 1, 3, 0), (import.AddCount, import.UpdateCount, import.DeactivateCount, import.ErrorCount));
        var before = await app.RosterFingerprintAsync(admin.PracticeId);
        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.PracticeId == admin.PracticeId));

        fault.Armed = true;
        var response = await admin.Client.ApplyAsync(import.Id);
        fault.Armed = false;

        // The fault struck after a batch (an update and an insert) had been written inside the transaction.
        Assert.True(fault.Inserts >= 3);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
        var failed = await app.WaitForImportAsync(import.Id);
        Assert.Equal(RosterImportStatus.Failed, failed.Status);
        Assert.Contains("Nothing on the roster was changed", failed.FileError, StringComparison.Ordinal);
        Assert.Null(failed.AppliedAt);
        // Only the failure itself is new in the audit log: no staff entry survived the rollback.
        var auditAfter = await app.WithDbAsync(db => db.AuditEntries.All().Where(e => e.PracticeId == admin.PracticeId).ToListAsync());
        Assert.Equal(auditBefore, auditAfter.Count);
        var page = await admin.Client.GetPageAsync($"/roster/imports/{import.Id}");
        Assert.Contains("Nothing on the roster was changed", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(app.Logs, l => l.Contains("Injected fault", StringComparison.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task Applying_the_same_import_twice_at_once_applies_it_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var import = await admin.Client.UploadAndCheckAsync(app, ManyPeople(200, "North Clinic"));
        Assert.Equal(200, import.AddCount);
        var token = await admin.Client.GetAntiforgeryTokenAsync("/roster/imports");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            admin.Client.PostFormWithTokenAsync($"/roster/imports/{import.Id}/apply", [], token)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(RosterImportStatus.Applied, (await app.WaitForImportAsync(import.Id)).Status);
        Assert.Equal(200, await app.WithDbAsync(db => db.StaffMembers.CountAsync(), admin.PracticeId));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "roster.import.applied"), admin.PracticeId));

        // And once more, later: refused, nothing written.
        await admin.Client.ApplyAsync(import.Id);
        var page = await admin.Client.GetPageAsync($"/roster/imports/{import.Id}");
        Assert.Contains("already been applied", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(200, await app.WithDbAsync(db => db.StaffMembers.CountAsync(), admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task A_roster_changed_since_the_preview_is_not_overwritten(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        await app.AddPersonAsync(admin.PracticeId, admin.North, "Kim", "Keep", "kim@example.test", "K1");
        var import = await admin.Client.UploadAndCheckAsync(app, Csv(Header, "Kim,Keep,kim@example.test,K1,registered-nurse,North Clinic,,,,,,,yes", "Lou,Late,lou@example.test,L1,billing,North Clinic,,,,,,,yes"));
        Assert.Equal((1, 1), (import.AddCount, import.UnchangedCount));

        // Someone adds Lou by hand after the preview: the file would now update, not add.
        await app.AddPersonAsync(admin.PracticeId, admin.South, "Lou", "Late", "lou@example.test", "L1");
        var before = await app.RosterFingerprintAsync(admin.PracticeId);
        await admin.Client.ApplyAsync(import.Id);

        var page = await admin.Client.GetPageAsync($"/roster/imports/{import.Id}");
        Assert.Contains("roster changed after this preview", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
        // A fresh preview of the same file follows, which can then be applied.
        var again = await app.WaitForImportAsync(import.Id);
        Assert.Equal(RosterImportStatus.Previewed, again.Status);
        Assert.Equal((0, 1, 1), (again.AddCount, again.UpdateCount, again.UnchangedCount));
        await admin.Client.ApplyAsync(import.Id);
        Assert.Equal(RosterImportStatus.Applied, (await app.WaitForImportAsync(import.Id)).Status);
        Assert.Equal(admin.North, await app.WithDbAsync(db => db.StaffMembers.Where(s => s.EmployeeId == "L1").Select(s => s.SiteId).SingleAsync(), admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task An_xlsx_roster_imports_end_to_end(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var workbook = Xlsx([
            ["First Name", "Last Name", "Email", "Employee ID", "Job Role", "Site", "Hire Date", "Manager Email", "License Type", "License State", "License Expiry", "Active"],
            ["Olga", "Ortiz", "olga@example.test", 1001.0, "physician", "North Clinic", new DateOnly(2019, 7, 1), null, "MD", "TX", new DateOnly(2027, 12, 31), "yes"],
            ["Pat", "Perez", "pat@example.test", 1002.0, "Medical assistant", "South Clinic", "3/18/2024", "olga@example.test", null, null, null, null],
            [],
            ["José", "Núñez", "jose@example.test", "1003", "front-desk", "South Clinic", null, null, null, null, null, "no"],
        ]);
        var import = await admin.Client.UploadAndCheckAsync(app, workbook, "roster.xlsx");
        Assert.Equal("xlsx", import.Format);
        Assert.True(import.ErrorCount == 0, string.Join("\n", (await app.IssuesAsync(import.Id)).Select(i => $"{i.Line} {i.Column}: {i.Message}")));
        Assert.Equal(3, import.AddCount);

        await admin.Client.ApplyAsync(import.Id);
        Assert.Equal(RosterImportStatus.Applied, (await app.WaitForImportAsync(import.Id)).Status);
        var people = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().ToDictionaryAsync(s => s.EmployeeId!), admin.PracticeId);
        Assert.Equal(new DateOnly(2019, 7, 1), people["1001"].HireDate);
        Assert.Equal(new DateOnly(2027, 12, 31), people["1001"].LicenceExpiry);
        Assert.Equal(new DateOnly(2024, 3, 18), people["1002"].HireDate);
        Assert.Equal(people["1001"].Id, people["1002"].ManagerId);
        Assert.Equal("medical-assistant", people["1002"].JobRole);
        Assert.Equal(("José", "Núñez", false), (people["1003"].FirstName, people["1003"].LastName, people["1003"].Active));

        // Again, unchanged: XLSX numbers and dates normalise to the same values.
        var again = await admin.Client.UploadAndCheckAsync(app, workbook, "roster.xlsx");
        Assert.Equal((0, 0, 0, 3), (again.AddCount, again.UpdateCount, again.DeactivateCount, again.UnchangedCount));
    }

    [Theory, DatabaseData]
    public async Task A_five_thousand_row_file_previews_and_applies_then_a_changed_export_updates_and_deactivates(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithSetting("RosterImport:ProgressEvery", "500"));
        var admin = await app.PracticeWithAdminAsync();
        var import = await admin.Client.UploadAndCheckAsync(app, ManyPeople(5000, "North Clinic"), "big.csv", fullRoster: true);
        Assert.Equal((5000, 5000, 0), (import.RowsRead, import.AddCount, import.ErrorCount));
        Assert.Equal(import.FileSize, import.BytesRead);
        Assert.Equal(2000, (await app.ChangesAsync(import.Id)).Count);
        await admin.Client.ApplyAsync(import.Id);
        Assert.Equal(RosterImportStatus.Applied, (await app.WaitForImportAsync(import.Id)).Status);
        Assert.Equal(5000, await app.WithDbAsync(db => db.StaffMembers.CountAsync(), admin.PracticeId));
        var list = await admin.Client.GetPageAsync("/roster?p=100");
        Assert.Contains("Showing 4,951–5,000 of 5,000 people", list.Body!.TextContent, StringComparison.Ordinal);

        // The next export: the first 3,000 moved to South Clinic, the last 2,000 have left.
        var lines = System.Text.Encoding.UTF8.GetString(ManyPeople(5000, "North Clinic")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var next = Csv([lines[0], .. lines.Skip(1).Take(3000).Select(l => l.Replace("North Clinic", "South Clinic", StringComparison.Ordinal))]);
        var second = await admin.Client.UploadAndCheckAsync(app, next, "next.csv", fullRoster: true);
        Assert.Equal((0, 3000, 2000, 0, 0), (second.AddCount, second.UpdateCount, second.DeactivateCount, second.UnchangedCount, second.ErrorCount));
        await admin.Client.ApplyAsync(second.Id);
        Assert.Equal(RosterImportStatus.Applied, (await app.WaitForImportAsync(second.Id)).Status);
        var counts = await app.WithDbAsync(db => db.StaffMembers.GroupBy(s => new { s.Active, s.SiteId }).Select(g => new { g.Key.Active, g.Key.SiteId, Count = g.Count() }).ToListAsync(), admin.PracticeId);
        Assert.Equal(3000, counts.Single(c => c.Active && c.SiteId == admin.South).Count);
        Assert.Equal(2000, counts.Single(c => !c.Active && c.SiteId == admin.North).Count);
        Assert.Equal(2, counts.Count);
    }

    [Theory, DatabaseData]
    public async Task Discarding_a_preview_deletes_the_file_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var import = await admin.Client.UploadAndCheckAsync(app, Csv(Header, "Quinn,Q,quinn@example.test,Q1,billing,North Clinic,,,,,,,yes"));
        var stored = Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString(), import.Id.ToString());
        Assert.True(File.Exists(stored));

        var response = await admin.Client.PostFormAsync($"/roster/imports/{import.Id}/discard", [], tokenPage: "/roster/imports");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(File.Exists(stored));
        Assert.Equal(RosterImportStatus.Rejected, (await app.WaitForImportAsync(import.Id)).Status);
        await admin.Client.ApplyAsync(import.Id);
        Assert.Equal(0, await app.WithDbAsync(db => db.StaffMembers.CountAsync(), admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task The_template_names_every_column_and_previews_cleanly(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();

        var response = await admin.Client.GetAsync("/roster/imports/template.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("North Clinic", lines[1], StringComparison.Ordinal);
        var import = await admin.Client.UploadAndCheckAsync(app, bytes, "beacon-roster-template.csv");
        Assert.Equal((0, 1), (import.ErrorCount, import.AddCount));
    }

    [Theory, DatabaseData]
    public async Task Progress_is_served_as_json_for_the_preview_page(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var import = await admin.Client.UploadAndCheckAsync(app, ManyPeople(30, "South Clinic"));

        var json = await admin.Client.GetStringAsync($"/roster/imports/{import.Id}/progress");

        using var progress = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("previewed", progress.RootElement.GetProperty("status").GetString());
        Assert.Equal(30, progress.RootElement.GetProperty("rowsRead").GetInt32());
        Assert.Equal(import.FileSize, progress.RootElement.GetProperty("bytesRead").GetInt64());
        Assert.Equal(import.FileSize, progress.RootElement.GetProperty("fileSize").GetInt64());
    }
}
