using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Email;
using Beacon.Features.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Reminders;

/// <summary>
/// Turns a practice's waiting ledger rows into emails and notifications, inside the scan's transaction: one
/// email per recipient, audience (learner, or oversight for managers and administrators) and practice day,
/// listing every requirement with its due date. A recipient already emailed today keeps their new rows
/// for tomorrow's email. Emails carry links and names only.
/// <para>
/// Set-based, whatever the number of rows: a handful of statements per practice, never a statement or an
/// object per row. (1) Who each waiting row goes to, with its line of text, into a temporary table;
/// (2) rows with a recipient already emailed today wait; (3) one outbox message, mail day and notification
/// per recipient and audience, their bodies built in SQL from the email template with the lines aggregated
/// and HTML-encoded; (4) the rows are marked folded, with their message when they had one recipient.
/// The providers differ only in id generation, date text, day arithmetic and the string aggregate.
/// </para>
/// </summary>
public sealed class ReminderFolding(BeaconDbContext db, IOptions<SecurityOptions> security)
{
    // Placeholders in the email templates, replaced in SQL (plain letters: HTML encoding leaves them alone).
    private const string SubjectToken = "BEACONSUBJECTTOKEN";
    private const string NameToken = "BEACONNAMETOKEN";
    private const string ItemsToken = "BEACONITEMSTOKEN";

    private const string DigestNotificationBody = "This week's training summary for the practice is in your email.";

    private string BaseUrl => security.Value.PublicBaseUrl.TrimEnd('/');

    public async Task<(int Emails, int Notifications)> FoldAsync(Guid practiceId, DateOnly today, DateTime now, CancellationToken cancellationToken)
    {
        var waiting = db.ReminderLedger.IgnoreQueryFilters().Where(l => l.PracticeId == practiceId && l.FoldedOn == null);
        if (!await waiting.AnyAsync(cancellationToken))
        {
            return (0, 0);
        }
        DigestFigures? digest = null;
        if (await waiting.AnyAsync(l => l.Kind.StartsWith("digest-"), cancellationToken))
        {
            digest = await DigestFigures.ForAsync(db, practiceId, today, cancellationToken);
        }

        var sql = new FoldingSql(db.Database.IsNpgsql(), practiceId, today, now);
        await db.Database.ExecuteSqlAsync(FoldingSql.DropTemporaryTables(), cancellationToken);
        foreach (var statement in sql.CreateTemporaryTables())
        {
            await db.Database.ExecuteSqlAsync(statement, cancellationToken);
        }
        await db.Database.ExecuteSqlAsync(sql.Deliveries(), cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // Temporary tables are never analysed automatically; the joins below need the row count.
            await db.Database.ExecuteSqlAsync($"ANALYZE reminder_fold", cancellationToken);
        }
        await db.Database.ExecuteSqlAsync(sql.WaitForTomorrow(), cancellationToken);
        await db.Database.ExecuteSqlAsync(sql.Messages(), cancellationToken);
        if (!db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync(FoldingSql.SqliteFormatIds(), cancellationToken);
        }
        var templates = Templates(digest);
        var emails = await db.Database.ExecuteSqlAsync(sql.Outbox(templates), cancellationToken);
        await db.Database.ExecuteSqlAsync(sql.MailDays(), cancellationToken);
        var notifications = await db.Database.ExecuteSqlAsync(sql.Notifications(DigestNotificationBody), cancellationToken);
        await db.Database.ExecuteSqlAsync(sql.MarkFolded(), cancellationToken);
        await db.Database.ExecuteSqlAsync(sql.MarkFoldedWithoutRecipient(), cancellationToken);
        await db.Database.ExecuteSqlAsync(FoldingSql.DropTemporaryTables(), cancellationToken);
        return (emails, notifications);
    }

    /// <summary>The four email shapes, with placeholders for the subject, the recipient's name and the list.</summary>
    private EmailTemplates Templates(DigestFigures? digest)
    {
        var learner = EmailTemplate.BuildWithList(SubjectToken, NameToken,
            ["These required trainings are coming due or overdue:"],
            [ItemsToken],
            "Open My training", BaseUrl + "/learn",
            "Compliance reminders cannot be switched off. You can choose the hour they arrive under Reminder time in your account.");
        var digestParagraph = digest is null ? "" : $"Weekly training summary: {digest.Overdue} overdue and {digest.DueSoon} due within 30 days across {digest.People} people.";
        const string overdueParagraph = "These people are overdue on required training:";
        return new EmailTemplates(
            learner,
            Oversight([overdueParagraph], [ItemsToken]),
            Oversight([digestParagraph, overdueParagraph], [ItemsToken]),
            Oversight([digestParagraph], []));
    }

    private EmailContent Oversight(List<string> paragraphs, List<string> items) =>
        EmailTemplate.BuildWithList(SubjectToken, NameToken, paragraphs, items, "Open the roster", BaseUrl + "/roster",
            "You receive this because you manage these people or administer the practice in Beacon.");

    internal sealed record EmailTemplates(EmailContent Learner, EmailContent Overdue, EmailContent DigestAndOverdue, EmailContent DigestOnly);

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

    /// <summary>
    /// The folding statements of one practice and day. Every value is a parameter (<see cref="SqlText"/>);
    /// the only provider differences are in the small helpers at the bottom.
    /// </summary>
    private sealed class FoldingSql(bool postgres, Guid practiceId, DateOnly today, DateTime now)
    {
        private const string Key = "person_id, requirement_id, cycle, kind";

        public static FormattableString DropTemporaryTables() => $"DROP TABLE IF EXISTS reminder_fold; DROP TABLE IF EXISTS reminder_mail";

        public IEnumerable<FormattableString> CreateTemporaryTables()
        {
            var temp = postgres ? "CREATE TEMPORARY TABLE {0} ({1}) ON COMMIT DROP" : "CREATE TEMPORARY TABLE {0} ({1})";
            string T(string pg, string sqlite) => postgres ? pg : sqlite;
            var fold = string.Join(", ",
                $"person_id {T("uuid", "TEXT")}", $"requirement_id {T("uuid", "TEXT")}", $"cycle {T("date", "TEXT")}", "kind TEXT",
                "recipient TEXT", "to_address TEXT", "to_name TEXT", "audience TEXT", $"user_id {T("uuid", "TEXT")}", "line TEXT",
                "digest INTEGER", "recipients INTEGER", "waits INTEGER");
            var mail = string.Join(", ",
                $"id {T("uuid", "TEXT")}", $"notification_id {T("uuid", "TEXT")}", "recipient TEXT", "audience TEXT", "to_address TEXT", "to_name TEXT",
                $"user_id {T("uuid", "TEXT")}", "items INTEGER", "digest INTEGER", "subject TEXT", "lines_html TEXT", "lines_text TEXT", "lines_plain TEXT");
            yield return new SqlText().Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, temp, "reminder_fold", fold)).Build();
            yield return new SqlText().Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, temp, "reminder_mail", mail)).Build();
            if (!postgres)
            {
                yield return $"CREATE INDEX temp.reminder_fold_key ON reminder_fold (person_id, requirement_id, cycle, kind)";
                yield return $"CREATE INDEX temp.reminder_fold_recipient ON reminder_fold (recipient, audience)";
            }
        }

        /// <summary>(1) Every waiting row with each of its recipients and its line of text; rows nobody can receive are absent.</summary>
        public FormattableString Deliveries()
        {
            var sql = new SqlText().Add("INSERT INTO reminder_fold (" + Key + ", recipient, to_address, to_name, audience, user_id, line, digest, recipients, waits) ")
                .Add("SELECT d." + Key.Replace(", ", ", d.", StringComparison.Ordinal) + ", d.recipient, d.to_address, d.to_name, d.audience, d.user_id, d.line, d.digest, ")
                .Add("count(*) OVER (PARTITION BY d.person_id, d.requirement_id, d.cycle, d.kind), 0 FROM (");

            // Learners: the person themself, when active with an address; their account for the notification.
            sql.Add("SELECT l.person_id, l.requirement_id, l.cycle, l.kind, lower(trim(s.email)) AS recipient, s.email AS to_address, s.first_name || ' ' || s.last_name AS to_name, ")
                .P(ReminderAudience.Learner).Add(" AS audience, ");
            Account(sql, "s.id");
            sql.Add(" AS user_id, COALESCE(r.name, 'Training') || CASE WHEN l.cycle >= ").P(today)
                .Add(" THEN ': due ' || ");
            DateText(sql, "l.cycle");
            sql.Add(" ELSE ': was due ' || ");
            DateText(sql, "l.cycle");
            sql.Add(" || ' (overdue)' END AS line, 0 AS digest");
            Waiting(sql);
            sql.Add(" JOIN staff_members s ON s.id = l.person_id AND s.practice_id = ").P(practiceId).Add(" AND s.active AND s.email <> ''");
            Requirement(sql);
            sql.Add(" WHERE l.practice_id = ").P(practiceId).Add(" AND l.folded_on IS NULL AND l.audience = ").P(ReminderAudience.Learner);

            // The person's manager, when both are active.
            sql.Add(" UNION ALL SELECT l.person_id, l.requirement_id, l.cycle, l.kind, lower(trim(mg.email)), mg.email, mg.first_name || ' ' || mg.last_name, ")
                .P(ReminderAudience.Oversight).Add(", ");
            Account(sql, "mg.id");
            sql.Add(", ");
            OversightLine(sql);
            sql.Add(", 0");
            Waiting(sql);
            sql.Add(" JOIN staff_members s ON s.id = l.person_id AND s.practice_id = ").P(practiceId).Add(" AND s.active")
                .Add(" JOIN staff_members mg ON mg.id = s.manager_id AND mg.practice_id = ").P(practiceId).Add(" AND mg.active AND mg.email <> ''");
            Requirement(sql);
            sql.Add(" WHERE l.practice_id = ").P(practiceId).Add(" AND l.folded_on IS NULL AND l.audience <> ").P(ReminderAudience.Learner)
                .Add(" AND l.kind = ").P(Kinds.EscalateManager);

            // Every practice administrator, for the person's escalation.
            sql.Add(" UNION ALL SELECT l.person_id, l.requirement_id, l.cycle, l.kind, lower(trim(a.email)), a.email, a.display_name, ")
                .P(ReminderAudience.Oversight).Add(", a.id, ");
            OversightLine(sql);
            sql.Add(", 0");
            Waiting(sql);
            sql.Add(" JOIN staff_members s ON s.id = l.person_id AND s.practice_id = ").P(practiceId).Add(" AND s.active");
            Requirement(sql);
            sql.Add(" CROSS JOIN (");
            Administrators(sql);
            sql.Add(") a WHERE l.practice_id = ").P(practiceId).Add(" AND l.folded_on IS NULL AND l.audience <> ").P(ReminderAudience.Learner)
                .Add(" AND l.kind = ").P(Kinds.EscalateAdmin);

            // The weekly digest: the administrator it was produced for (no line; the summary is a paragraph).
            sql.Add(" UNION ALL SELECT l.person_id, l.requirement_id, l.cycle, l.kind, lower(trim(a.email)), a.email, a.display_name, ")
                .P(ReminderAudience.Oversight).Add(", a.id, '', 1");
            Waiting(sql);
            sql.Add(" JOIN (");
            Administrators(sql);
            sql.Add(") a ON a.id = l.person_id WHERE l.practice_id = ").P(practiceId).Add(" AND l.folded_on IS NULL AND l.audience <> ").P(ReminderAudience.Learner)
                .Add(" AND l.kind LIKE 'digest-%'");
            sql.Add(") d");
            return sql.Build();
        }

        /// <summary>(2) A row waits (all its recipients) when any of its recipients already had a reminder email today.</summary>
        public FormattableString WaitForTomorrow() =>
            new SqlText().Add("UPDATE reminder_fold SET waits = 1 WHERE EXISTS (SELECT 1 FROM reminder_fold f JOIN reminder_mail_days md ON md.recipient = f.recipient AND md.audience = f.audience")
                .Add(" AND md.practice_id = ").P(practiceId).Add(" AND md.local_day = ").P(today)
                .Add(" WHERE f.person_id = reminder_fold.person_id AND f.requirement_id = reminder_fold.requirement_id AND f.cycle = reminder_fold.cycle AND f.kind = reminder_fold.kind)")
                .Build();

        /// <summary>(3) One message per recipient and audience: ids, the subject and the lines (distinct, sorted, encoded for HTML).</summary>
        public FormattableString Messages()
        {
            var sql = new SqlText().Add("INSERT INTO reminder_mail (id, notification_id, recipient, audience, to_address, to_name, user_id, items, digest, subject, lines_html, lines_text, lines_plain) SELECT ");
            sql.Add(postgres ? "gen_random_uuid(), gen_random_uuid()" : "hex(randomblob(16)), hex(randomblob(16))");
            sql.Add(", g.recipient, g.audience, g.to_address, g.to_name, g.user_id, g.items, g.digest, CASE WHEN g.audience = ").P(ReminderAudience.Learner)
                .Add(" THEN CASE WHEN g.items = 1 THEN 'Training reminder: 1 in-service needs your attention' ELSE 'Training reminder: ' || CAST(g.items AS TEXT) || ' in-services need your attention' END")
                .Add(" WHEN g.digest = 1 THEN 'Weekly training summary'")
                .Add(" WHEN g.items = 1 THEN 'Overdue training: 1 person needs follow-up' ELSE 'Overdue training: ' || CAST(g.items AS TEXT) || ' people need follow-up' END")
                .Add(", li.lines_html, li.lines_text, li.lines_plain FROM (SELECT recipient, audience, min(to_address) AS to_address, min(to_name) AS to_name, ")
                .Add(postgres ? "(array_agg(user_id) FILTER (WHERE user_id IS NOT NULL))[1]" : "min(user_id)")
                .Add(" AS user_id, count(DISTINCT NULLIF(line, '')) AS items, max(digest) AS digest FROM reminder_fold WHERE waits = 0 GROUP BY recipient, audience) g")
                .Add(" LEFT JOIN (SELECT recipient, audience, ");
            Aggregate(sql, "'<li>' || " + HtmlEncoded("line") + " || '</li>'", "''");
            sql.Add(" AS lines_html, ");
            Aggregate(sql, "'- ' || line || " + NewLine, "''");
            sql.Add(" AS lines_text, ");
            Aggregate(sql, "line", NewLine);
            sql.Add(" AS lines_plain FROM (SELECT DISTINCT recipient, audience, line FROM reminder_fold WHERE waits = 0 AND line <> ''");
            sql.Add(postgres ? "" : " ORDER BY recipient, audience, line");
            sql.Add(") x GROUP BY recipient, audience) li ON li.recipient = g.recipient AND li.audience = g.audience");
            return sql.Build();
        }

        /// <summary>SQLite has no uuid function: the 32 random hex digits become the text form EF Core stores.</summary>
        public static FormattableString SqliteFormatIds() =>
            $"UPDATE reminder_mail SET id = substr(id, 1, 8) || '-' || substr(id, 9, 4) || '-' || substr(id, 13, 4) || '-' || substr(id, 17, 4) || '-' || substr(id, 21, 12), notification_id = substr(notification_id, 1, 8) || '-' || substr(notification_id, 9, 4) || '-' || substr(notification_id, 13, 4) || '-' || substr(notification_id, 17, 4) || '-' || substr(notification_id, 21, 12)";

        /// <summary>The outbox messages (pending now), bodies from the template with subject, name and list filled in.</summary>
        public FormattableString Outbox(EmailTemplates templates)
        {
            var sql = new SqlText().Add("INSERT INTO outbox_messages (id, practice_id, to_address, to_name, subject, kind, html_body, text_body, status, attempts, created_at, next_attempt_at) SELECT m.id, ")
                .P(practiceId).Add(", m.to_address, m.to_name, m.subject, CASE WHEN m.audience = ").P(ReminderAudience.Learner).Add(" THEN 'reminder' ELSE 'reminder-oversight' END, ");
            // HTML: subject and name encoded, the list's one placeholder item replaced by the encoded items.
            sql.Add("replace(replace(replace(");
            Template(sql, templates, t => t.Html);
            sql.Add(", '" + SubjectToken + "', " + HtmlEncoded("m.subject") + "), '" + NameToken + "', " + HtmlEncoded("m.to_name") + "), '<li>" + ItemsToken + "</li>', COALESCE(m.lines_html, '')), ");
            sql.Add("replace(replace(");
            Template(sql, templates, t => t.Text);
            sql.Add(", '" + NameToken + "', m.to_name), '- " + ItemsToken + "' || " + NewLine + ", COALESCE(m.lines_text, '')), ")
                .P((int)OutboxStatus.Pending).Add(", 0, ").P(now).Add(", ").P(now).Add(" FROM reminder_mail m");
            return sql.Build();
        }

        public FormattableString MailDays() =>
            new SqlText().Add("INSERT INTO reminder_mail_days (practice_id, recipient, audience, local_day, outbox_message_id) SELECT ").P(practiceId)
                .Add(", m.recipient, m.audience, ").P(today).Add(", m.id FROM reminder_mail m").Build();

        public FormattableString Notifications(string digestBody) =>
            new SqlText().Add("INSERT INTO notifications (id, practice_id, user_id, title, body, link, created_at) SELECT m.notification_id, ").P(practiceId)
                .Add(", m.user_id, m.subject, substr(COALESCE(m.lines_plain, ").P(digestBody).Add("), 1, 4000), CASE WHEN m.audience = ").P(ReminderAudience.Learner)
                .Add(" THEN '/learn' ELSE '/roster' END, ").P(now).Add(" FROM reminder_mail m WHERE m.user_id IS NOT NULL").Build();

        /// <summary>(4) Rows that went out today, with their message when they had exactly one recipient.</summary>
        public FormattableString MarkFolded() =>
            new SqlText().Add("UPDATE reminder_ledger AS l SET folded_on = ").P(today)
                .Add(", outbox_message_id = CASE WHEN f.recipients = 1 THEN m.id END FROM reminder_fold f JOIN reminder_mail m ON m.recipient = f.recipient AND m.audience = f.audience")
                .Add(" WHERE l.practice_id = ").P(practiceId).Add(" AND l.folded_on IS NULL AND f.waits = 0")
                .Add(" AND l.person_id = f.person_id AND l.requirement_id = f.requirement_id AND l.cycle = f.cycle AND l.kind = f.kind").Build();

        /// <summary>Rows nobody can receive (a leaver, no address, no administrator) are folded without an email, as before.</summary>
        public FormattableString MarkFoldedWithoutRecipient() =>
            new SqlText().Add("UPDATE reminder_ledger SET folded_on = ").P(today)
                .Add(" WHERE practice_id = ").P(practiceId).Add(" AND folded_on IS NULL AND NOT EXISTS (SELECT 1 FROM reminder_fold f")
                .Add(" WHERE f.person_id = reminder_ledger.person_id AND f.requirement_id = reminder_ledger.requirement_id AND f.cycle = reminder_ledger.cycle AND f.kind = reminder_ledger.kind)").Build();

        /// <summary>A line feed in SQL.</summary>
        private string NewLine => postgres ? "chr(10)" : "char(10)";

        private static void Waiting(SqlText sql) => sql.Add(" FROM reminder_ledger l");

        private void Requirement(SqlText sql) =>
            sql.Add(" LEFT JOIN requirements r ON r.id = l.requirement_id AND r.practice_id = ").P(practiceId);

        /// <summary>
        /// One enabled account per staff member (the first by id), for the notification: a correlated lookup on the
        /// (practice, staff member) index. (A grouped subquery joined instead was re-run for every row under a
        /// nested loop: 108 s of a 180 s scan.)
        /// </summary>
        private void Account(SqlText sql, string staffId) =>
            sql.Add("(SELECT u.id FROM \"AspNetUsers\" u WHERE u.practice_id = ").P(practiceId)
                .Add(" AND u.staff_member_id = " + staffId + " AND NOT u.disabled ORDER BY u.id LIMIT 1)");

        private void Administrators(SqlText sql) =>
            sql.Add("SELECT u.id, u.email, u.display_name FROM \"AspNetUsers\" u WHERE u.practice_id = ").P(practiceId)
                .Add(" AND NOT u.disabled AND u.email IS NOT NULL AND EXISTS (SELECT 1 FROM \"AspNetUserRoles\" ur JOIN \"AspNetRoles\" ar ON ar.id = ur.role_id WHERE ur.user_id = u.id AND ar.name = ")
                .P(Roles.PracticeAdmin).Add(")");

        /// <summary>"Pat Lee: Annual in-service, was due Mar 3, 2026 (14 days ago)".</summary>
        private void OversightLine(SqlText sql)
        {
            sql.Add("s.first_name || ' ' || s.last_name || ': ' || COALESCE(r.name, 'Training') || ', was due ' || ");
            DateText(sql, "l.cycle");
            sql.Add(" || ' (' || ");
            if (postgres)
            {
                sql.Add("CAST(").P(today).Add(" - l.cycle AS TEXT)");
            }
            else
            {
                sql.Add("CAST(CAST(julianday(").P(today).Add(") - julianday(l.cycle) AS INTEGER) AS TEXT)");
            }
            sql.Add(" || ' days ago)'");
        }

        /// <summary>A date as "Mar 3, 2026" (en-US "MMM d, yyyy").</summary>
        private void DateText(SqlText sql, string column)
        {
            sql.Add(postgres
                ? $"to_char({column}, 'Mon FMDD, YYYY')"
                : $"substr('JanFebMarAprMayJunJulAugSepOctNovDec', (CAST(strftime('%m', {column}) AS INTEGER) - 1) * 3 + 1, 3) || ' ' || CAST(CAST(strftime('%d', {column}) AS INTEGER) AS TEXT) || ', ' || strftime('%Y', {column})");
        }

        private void Aggregate(SqlText sql, string expression, string separator)
        {
            sql.Add(postgres ? $"string_agg({expression}, {separator} ORDER BY line)" : $"group_concat({expression}, {separator})");
        }

        private static void Template(SqlText sql, EmailTemplates templates, Func<EmailContent, string> part)
        {
            sql.Add("CASE WHEN m.audience = ").P(ReminderAudience.Learner).Add(" THEN ").P(part(templates.Learner))
                .Add(" WHEN m.digest = 1 AND m.items > 0 THEN ").P(part(templates.DigestAndOverdue))
                .Add(" WHEN m.digest = 1 THEN ").P(part(templates.DigestOnly))
                .Add(" ELSE ").P(part(templates.Overdue)).Add(" END");
        }

        private static string HtmlEncoded(string expression) =>
            $"replace(replace(replace(replace(replace({expression}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '\"', '&quot;'), '''', '&#x27;')";
    }
}
