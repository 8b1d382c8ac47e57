using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Certificates;
using Beacon.Features.Compliance;
using Beacon.Features.Courses;
using Beacon.Features.ReferralDirectory;
using Beacon.Features.Email;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Features.Series;
using Beacon.Features.Operations;
using Beacon.Features.Reminders;
using Beacon.Features.Reports;
using Beacon.Features.Roster;
using Beacon.Features.Requirements;
using Beacon.Features.Scheduling;
using Beacon.Features.Screening;
using Beacon.Features.Setup;
using Beacon.Features.Toolkit;
using Beacon.Data;
using Beacon.Features.Shared;

var command = StartupCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command.HostArgs);
if (command.ContentCheck)
{
    // Checks the course packages and the jurisdiction catalogue without a database, for authors and CI.
    var contentPath = command.ContentPath ?? new ContentOptions { Directory = builder.Configuration["Content:Directory"] }.Resolve();
    var coursesResult = Path.GetFileName(Path.TrimEndingDirectorySeparator(contentPath)) == JurisdictionLoader.Folder ? 0 : CoursesExtensions.Check(contentPath, Console.Out);
    return coursesResult | JurisdictionLoader.Check(contentPath, Console.Out) | ToolkitLoader.Check(contentPath, Console.Out)
        | Beacon.Features.ReferralDirectory.HandoutContent.Check(contentPath, Console.Out) | InstrumentLoader.Check(contentPath, Console.Out);
}

// Telemetry, health checks, security headers, rate limits, forwarded headers
builder.AddOperations();
// EF Core on SQLite (default) or PostgreSQL, with tenancy and the audit trail
builder.AddBeaconData();
// Identity: sign-in, sessions, MFA, password policy, invitations, authorization policies
builder.AddAccounts();
// Outbox and SMTP sender
builder.AddEmail();
// Quartz: clustered scheduler for recurring work (outbox sending, reminder scans)
builder.AddScheduling();
// Roster and its CSV/XLSX import
builder.AddRoster();
// Course packages: checked and published at start-up, versions frozen
builder.AddCourses();
// Learning: progress, pre/post-tests, completions and certificates
builder.AddLearning();
// Self-paced player, knowledge checks, time on task and the pre/post-test pages under /learn
builder.AddPlayer();
// Certificate PDFs, public verification and revocation, transcripts
builder.AddCertificates();
// Live in-services: scheduling, presenter view, check-in codes, paper mode
builder.AddLiveSessions();
// Recurring series, bookings with wait lists, calendar invitations and feeds
builder.AddSeries();
// Requirements pages, exemptions, outside certificates and the state jurisdiction catalogue
builder.AddRequirements();
// Compliance dashboard: kept figures counted again for each practice's new day (scheduled)
builder.AddCompliance();
// Reminder ladder, ledger and scan (called by the scheduler), in-app notifications
builder.AddReminders();
// Audit log verification
builder.AddAudit();
// Point-in-time reports, exports, the 12-month trend and outside auditors' access
builder.AddReports();
// Point-of-care toolkit: red flags, response protocol (practice versions), reporting navigator, ICD-10-CM codes, offline
builder.AddToolkit();
// Referral directory, national resources, directory CSV import/export and the patient card
builder.AddDirectory();
// Toolkit screening aid: instruments, scoring, imports, practice settings and the anonymous tally
builder.AddScreening();
// First-run setup and the demo practice
builder.AddSetup();
// Razor Pages for every screen
builder.AddPages();

var app = builder.Build();

// Migrate, then seed or print the setup link; one-shot commands (audit verify) exit here.
if (await app.RunStartupAsync(command) is { } exitCode)
{
    return exitCode;
}

app.UseOperations();
app.UseRouting();
app.UseAuthentication();
// After authentication, so a limit can be kept per signed-in user (check-in codes), not only per address.
app.UseRateLimiter();
app.UseAccounts();
app.UseAuthorization();
app.UseAntiforgery();

app.MapOperations();
app.MapRosterApi();
app.MapPages();

await app.RunAsync();
return 0;

public partial class Program;
