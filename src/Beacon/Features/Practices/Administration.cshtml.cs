using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Practices;

/// <summary>
/// The practice administrator's index of everything they run, grouped by task, so the header keeps only the
/// pages used every week (roster, compliance, reports) and this page holds the rest.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class AdministrationModel : PageModel
{
    public sealed record Area(string Href, string Name, string Description);

    public sealed record Group(string Id, string Title, IReadOnlyList<Area> Areas);

    public static IReadOnlyList<Group> Groups { get; } =
    [
        new("people", "People",
        [
            new("/roster", "Roster", "Staff, their sites, roles and licences; import a roster file."),
            new("/practice/people", "People & access", "Sign-in accounts, roles, invitations and sessions."),
            new("/practice/auditors", "Auditors", "Read-only access to reports for an outside auditor, with an end date."),
        ]),
        new("training", "Training and compliance",
        [
            new("/practice/requirements", "Requirements", "Who must complete which in-service, how often, and exemptions."),
            new("/practice/compliance", "Compliance", "Who is compliant, due soon or overdue, by site, role and requirement."),
            new("/reports", "Reports", "Status on any date, transcripts and exports with their checksum."),
            new("/practice/reminders", "Reminders", "The reminder ladder, escalations and the hours reminders go out."),
            new("/practice/email", "Email", "Messages waiting, sent and failed, with the reason."),
        ]),
        new("toolkit", "Point-of-care toolkit",
        [
            new("/practice/protocol", "Response protocol", "Edit the practice's protocol and publish a new version."),
            new("/practice/directory", "Referral directory", "Local partners, review dates, the patient card and CSV import."),
            new("/practice/toolkit", "Toolkit settings", "Which screening aids staff see, and the anonymous tally."),
        ]),
        new("practice", "Practice",
        [
            new("/practice/settings", "Practice settings", "Name, state, time zone, sites and two-step sign-in."),
            new("/audit", "Audit log", "Every change, who made it and when, with a check that nothing was altered."),
        ]),
    ];

    public void OnGet()
    {
    }
}
