using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Email;
using Beacon.Features.Notifications;
using Beacon.Features.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Reminders;

/// <summary>
/// Turns a practice's waiting ledger rows into emails and notifications, inside the scan's transaction: one
/// email per recipient, audience (learner, or oversight for managers and administrators) and practice day,
/// listing every requirement with its due date. A recipient already emailed today keeps their new rows
/// for tomorrow's email. Emails carry links and names only.
/// </summary>
public sealed class ReminderFolding(BeaconDbContext db, Outbox outbox, IOptions<SecurityOptions> security)
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    private string BaseUrl => security.Value.PublicBaseUrl.TrimEnd('/');

    private sealed record Item(ReminderLedgerEntry Row, string Line);

    private sealed record Recipient(string Email, string Name, string Audience, Guid? UserId, Guid? StaffMemberId);

    public async Task<(int Emails, int Notifications)> FoldAsync(Guid practiceId, DateOnly today, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.ReminderLedger.IgnoreQueryFilters()
            .Where(l => l.PracticeId == practiceId && l.FoldedOn == null)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return (0, 0);
        }

        var requirementNames = await db.Requirements.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.PracticeId == practiceId)
            .ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var personIds = rows.Where(r => r.RequirementId != Guid.Empty).Select(r => r.PersonId).Distinct().ToList();
        var people = await db.StaffMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.PracticeId == practiceId && personIds.Contains(s.Id))
            .Select(s => new { s.Id, s.FirstName, s.LastName, s.Email, s.Active, s.ManagerId })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var managerIds = people.Values.Where(p => p.ManagerId is not null).Select(p => p.ManagerId!.Value).Distinct().ToList();
        var managers = await db.StaffMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.PracticeId == practiceId && managerIds.Contains(s.Id) && s.Active)
            .Select(s => new { s.Id, s.FirstName, s.LastName, s.Email })
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var adminRole = await db.Roles.Where(r => r.Name == Roles.PracticeAdmin).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var admins = await db.Users.AsNoTracking()
            .Where(u => u.PracticeId == practiceId && !u.Disabled && u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole))
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .ToListAsync(cancellationToken);
        var staffWithAccounts = people.Keys.Concat(managers.Keys).Distinct().ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.PracticeId == practiceId && !u.Disabled && u.StaffMemberId != null && staffWithAccounts.Contains(u.StaffMemberId.Value))
            .Select(u => new { u.Id, StaffMemberId = u.StaffMemberId!.Value })
            .ToListAsync(cancellationToken);
        var accountOf = accounts.GroupBy(a => a.StaffMemberId).ToDictionary(g => g.Key, g => g.First().Id);
        var mailedToday = (await db.ReminderMailDays.IgnoreQueryFilters().AsNoTracking()
                .Where(d => d.PracticeId == practiceId && d.LocalDay == today)
                .Select(d => new { d.Recipient, d.Audience })
                .ToListAsync(cancellationToken))
            .Select(d => (d.Recipient, d.Audience))
            .ToHashSet();

        // Who each row goes to.
        var deliveries = new Dictionary<ReminderLedgerEntry, List<(Recipient To, string Line)>>();
        foreach (var row in rows)
        {
            var targets = new List<(Recipient, string)>();
            if (row.Audience == ReminderAudience.Learner)
            {
                if (people.TryGetValue(row.PersonId, out var person) && person.Active && person.Email.Length > 0)
                {
                    targets.Add((new Recipient(person.Email, person.FirstName + " " + person.LastName, ReminderAudience.Learner, accountOf.GetValueOrDefault(person.Id) is var a && a != Guid.Empty ? a : null, person.Id),
                        LearnerLine(row, requirementNames, today)));
                }
            }
            else if (row.Kind == Kinds.EscalateManager)
            {
                if (people.TryGetValue(row.PersonId, out var person) && person.Active && person.ManagerId is { } managerId && managers.TryGetValue(managerId, out var manager))
                {
                    targets.Add((new Recipient(manager.Email, manager.FirstName + " " + manager.LastName, ReminderAudience.Oversight, accountOf.GetValueOrDefault(manager.Id) is var a && a != Guid.Empty ? a : null, manager.Id),
                        OversightLine(row, person.FirstName + " " + person.LastName, requirementNames, today)));
                }
            }
            else if (row.Kind == Kinds.EscalateAdmin)
            {
                if (people.TryGetValue(row.PersonId, out var person) && person.Active)
                {
                    foreach (var admin in admins)
                    {
                        targets.Add((new Recipient(admin.Email!, admin.DisplayName, ReminderAudience.Oversight, admin.Id, null),
                            OversightLine(row, person.FirstName + " " + person.LastName, requirementNames, today)));
                    }
                }
            }
            else if (row.Kind.StartsWith("digest-", StringComparison.Ordinal))
            {
                var admin = admins.FirstOrDefault(a => a.Id == row.PersonId);
                if (admin is not null)
                {
                    targets.Add((new Recipient(admin.Email!, admin.DisplayName, ReminderAudience.Oversight, admin.Id, null), ""));
                }
            }
            deliveries[row] = targets;
        }

        // A recipient already emailed today (this audience) gets these rows tomorrow; a row waits for all its recipients.
        static string Key(string email) => email.Trim().ToLowerInvariant();
        var ready = rows.Where(r => deliveries[r].All(t => !mailedToday.Contains((Key(t.To.Email), t.To.Audience)))).ToList();
        var byRecipient = ready
            .SelectMany(r => deliveries[r].Select(t => (Row: r, t.To, t.Line)))
            .GroupBy(x => (Email: Key(x.To.Email), x.To.Audience))
            .ToList();

        DigestFigures? digest = null;
        var emails = 0;
        var notifications = 0;
        var messageOf = new Dictionary<ReminderLedgerEntry, List<Guid>>();
        foreach (var group in byRecipient)
        {
            var to = group.First().To;
            var items = group.Where(x => x.Line.Length > 0).Select(x => x.Line).Distinct().ToList();
            var hasDigest = group.Any(x => x.Row.Kind.StartsWith("digest-", StringComparison.Ordinal));
            if (hasDigest)
            {
                digest ??= await DigestFigures.ForAsync(db, practiceId, today, cancellationToken);
            }
            var content = to.Audience == ReminderAudience.Learner
                ? LearnerEmail(to.Name, items)
                : OversightEmail(to.Name, items, hasDigest ? digest : null);
            var message = outbox.Add(practiceId, to.Email, to.Name, to.Audience == ReminderAudience.Learner ? "reminder" : "reminder-oversight", content);
            db.ReminderMailDays.Add(new ReminderMailDay { PracticeId = practiceId, Recipient = group.Key.Email, Audience = group.Key.Audience, LocalDay = today, OutboxMessageId = message.Id });
            emails++;
            if (to.UserId is { } userId)
            {
                db.Notifications.Add(new Notification
                {
                    PracticeId = practiceId,
                    UserId = userId,
                    Title = content.Subject,
                    Body = items.Count > 0 ? string.Join("\n", items) : "This week's training summary for the practice is in your email.",
                    Link = to.Audience == ReminderAudience.Learner ? "/learn" : "/roster",
                    CreatedAt = now,
                });
                notifications++;
            }
            foreach (var (row, _, _) in group)
            {
                (messageOf.TryGetValue(row, out var ids) ? ids : messageOf[row] = []).Add(message.Id);
            }
        }
        foreach (var row in ready)
        {
            row.FoldedOn = today;
            row.OutboxMessageId = messageOf.TryGetValue(row, out var ids) && ids.Count == 1 ? ids[0] : null;
        }
        await db.SaveChangesAsync(cancellationToken);
        return (emails, notifications);
    }

    private static string Date(DateOnly day) => day.ToString("MMM d, yyyy", UsEnglish);

    private static string LearnerLine(ReminderLedgerEntry row, Dictionary<Guid, string> names, DateOnly today)
    {
        var name = names.GetValueOrDefault(row.RequirementId, "Training");
        return row.Cycle >= today
            ? $"{name}: due {Date(row.Cycle)}"
            : $"{name}: was due {Date(row.Cycle)} (overdue)";
    }

    private static string OversightLine(ReminderLedgerEntry row, string person, Dictionary<Guid, string> names, DateOnly today)
    {
        var name = names.GetValueOrDefault(row.RequirementId, "Training");
        var days = today.DayNumber - row.Cycle.DayNumber;
        return $"{person}: {name}, was due {Date(row.Cycle)} ({days} days ago)";
    }

    private EmailContent LearnerEmail(string name, List<string> items)
    {
        var subject = items.Count == 1 ? "Training reminder: 1 in-service needs your attention" : $"Training reminder: {items.Count} in-services need your attention";
        return EmailTemplate.BuildWithList(subject, name,
            ["These required trainings are coming due or overdue:"],
            items,
            "Open My training", BaseUrl + "/learn",
            "Compliance reminders cannot be switched off. You can choose the hour they arrive under Reminder time in your account.");
    }

    private EmailContent OversightEmail(string name, List<string> items, DigestFigures? digest)
    {
        var paragraphs = new List<string>();
        if (digest is not null)
        {
            paragraphs.Add($"Weekly training summary: {digest.Overdue} overdue and {digest.DueSoon} due within 30 days across {digest.People} people.");
        }
        if (items.Count > 0)
        {
            paragraphs.Add("These people are overdue on required training:");
        }
        var subject = digest is not null ? "Weekly training summary" : $"Overdue training: {items.Count} {(items.Count == 1 ? "person needs" : "people need")} follow-up";
        return EmailTemplate.BuildWithList(subject, name, paragraphs, items, "Open the roster", BaseUrl + "/roster",
            "You receive this because you manage these people or administer the practice in Beacon.");
    }

    private sealed record DigestFigures(int Overdue, int DueSoon, int People)
    {
        public static async Task<DigestFigures> ForAsync(BeaconDbContext db, Guid practiceId, DateOnly today, CancellationToken cancellationToken)
        {
            var statuses = db.RequirementStatuses.IgnoreQueryFilters().AsNoTracking()
                .Where(s => s.PracticeId == practiceId && s.Applies && s.DueOn != null
                    && !(s.ExemptFrom != null && s.ExemptFrom <= today && (s.ExemptUntil == null || s.ExemptUntil >= today)));
            var overdue = await statuses.CountAsync(s => s.OverdueAfter < today, cancellationToken);
            var dueSoon = await statuses.CountAsync(s => s.OverdueAfter >= today && s.DueSoonFrom <= today, cancellationToken);
            var people = await statuses.Select(s => s.StaffMemberId).Distinct().CountAsync(cancellationToken);
            return new DigestFigures(overdue, dueSoon, people);
        }
    }
}
