using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Features.Requirements;
using Beacon.Features.Series;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.LiveSessions;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Series.SeriesTests;
using IcalCalendar = Ical.Net.Calendar;

namespace Beacon.Tests.Series;

/// <summary>Changing series after they are scheduled: cancelling from the live-session pages, inviting staff who are due, editing.</summary>
public sealed class SeriesChangesTests
{
    // The app's clock starts on Monday 2026-03-02 15:00 UTC (9:00 in Chicago).

    private static Task<List<Beacon.Features.LiveSessions.LiveSession>> SessionsAsync(BeaconApp app, Guid practiceId, Guid seriesId) =>
        app.WithDbAsync(db => db.LiveSessions.AsNoTracking().Where(s => s.SeriesId == seriesId).OrderBy(s => s.RecurrenceId).ToListAsync(), practiceId);

    private static Task<string> EmailOfAsync(BeaconApp app, Guid practiceId, Guid staffId) =>
        app.WithDbAsync(db => db.StaffMembers.Where(s => s.Id == staffId).Select(s => s.Email).FirstAsync(), practiceId);

    [Theory, DatabaseData]
    public async Task Cancelling_a_series_session_from_the_live_session_pages_is_the_series_cancellation(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var (account, instructor) = await app.SignedInInstructorAsync(practice.PracticeId);
        var seriesId = await CreateSeriesAsync(instructor, Form(account.UserId, count: "3"));
        var sessions = await SessionsAsync(app, practice.PracticeId, seriesId);
        var target = sessions[1];
        var (_, bookerId, learner) = await app.SignedInLearnerAsync(practice, 0);
        var invitedId = practice.StaffIds[1];
        await learner.PostFormAsync("/bookings?handler=Book", [F("sessionId", target.Id.ToString())], "/bookings");
        await app.WithDbAsync(async db =>
        {
            db.SessionInvitations.Add(new SessionInvitation { PracticeId = practice.PracticeId, SessionId = target.Id, StaffMemberId = invitedId, InvitedAt = app.Time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        // The old form sends the instructor to the series' cancel page; a post to the old address cancels the same way.
        LiveSessionTestSupport.AssertRedirect(await instructor.GetAsync($"/sessions/{target.Id}/cancel"), $"/series/occurrences/{target.Id}/cancel");
        var response = await instructor.PostFormAsync($"/sessions/{target.Id}/cancel", [F("Reason", "Instructor ill")], $"/sessions/{target.Id}");
        LiveSessionTestSupport.AssertRedirect(response, $"/series/{seriesId}");

        var after = (await SessionsAsync(app, practice.PracticeId, seriesId)).Single(s => s.Id == target.Id);
        Assert.NotNull(after.CancelledAt);
        Assert.Equal(1, after.Sequence);
        Assert.Equal(1, await app.WithDbAsync(db => db.LiveSeries.Where(s => s.Id == seriesId).Select(s => s.Sequence).FirstAsync(), practice.PracticeId));
        var audited = await app.WithDbAsync(db => db.AuditEntries.All().Where(e => e.PracticeId == practice.PracticeId && e.TargetId == target.Id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Contains("series.occurrence-cancelled", audited);

        await app.DeliverEmailsAsync();
        var booked = SmtpSink.To(await EmailOfAsync(app, practice.PracticeId, bookerId)).OrderBy(m => m.Date).Select(m => IcalCalendar.Load(CalendarPart(m))!).ToList();
        Assert.Equal(["REQUEST", "CANCEL"], booked.Select(c => c.Method));
        Assert.Equal([0, 1], booked.Select(c => c.Events.Single().Sequence));
        Assert.Single(booked.Select(c => c.Events.Single().Uid).Distinct());
        var invited = Assert.Single(SmtpSink.To(await EmailOfAsync(app, practice.PracticeId, invitedId)));
        Assert.Contains("Instructor ill", invited.TextBody, StringComparison.Ordinal);
        var cancellation = IcalCalendar.Load(CalendarPart(invited))!;
        Assert.Equal("CANCEL", cancellation.Method);
        Assert.Equal("CANCELLED", cancellation.Events.Single().Status);
        Assert.Equal(1, cancellation.Events.Single().Sequence);

        // The practice feed leaves the session out with an EXDATE, as the series page does.
        var shown = await ShownStartsAsync(instructor, seriesId);
        Assert.Equal(2, shown.Count);
        var text = await app.NewClient().GetStringAsync(new Uri(await FeedAddressAsync(instructor, CalendarFeedKind.Practice)).PathAndQuery);
        Assert.Contains("EXDATE", text, StringComparison.Ordinal);
        var exported = IcalCalendar.Load(text)!.GetOccurrences(null, null).Select(o => DateTime.SpecifyKind(o.Period.StartTime.AsUtc, DateTimeKind.Utc)).Order().ToList();
        Assert.Equal(shown, exported);
    }

    [Theory, DatabaseData]
    public async Task Inviting_staff_who_are_due_lists_never_done_due_soon_and_overdue_and_emails_them_a_calendar_request(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 7);
        var (account, instructor) = await app.SignedInInstructorAsync(practice.PracticeId);
        var seriesId = await CreateSeriesAsync(instructor, Form(account.UserId, count: "2"));
        var sessionId = (await SessionsAsync(app, practice.PracticeId, seriesId))[0].Id;
        var ids = practice.StaffIds;
        var (neverDone, dueSoon, overdue, compliant, exempt, invitedBefore, bookedAlready) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]);

        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var requirement = new Requirement
            {
                PracticeId = practice.PracticeId, Name = "Annual in-service", CourseId = "ht-medical-practice", Frequency = Frequency.EveryMonths,
                Months = 12, NewHireDays = 30, DueSoonDays = 30, StartsOn = new DateOnly(2025, 1, 1), CreatedAt = now, UpdatedAt = now,
            };
            db.Requirements.Add(requirement);
            Completion Done(Guid staffId, DateOnly on) => new()
            {
                PracticeId = practice.PracticeId, StaffMemberId = staffId, CourseId = "ht-medical-practice", Version = "1.0.0", Track = "clinical",
                CompletedOn = on, CompletedAt = now, CeHours = 1,
            };
            db.Completions.AddRange(
                Done(dueSoon, new DateOnly(2025, 3, 20)),   // due 2026-03-20: due soon
                Done(overdue, new DateOnly(2025, 1, 15)),   // due 2026-01-15: overdue
                Done(compliant, new DateOnly(2026, 1, 10))); // due 2027-01-10
            db.Exemptions.Add(new Exemption { PracticeId = practice.PracticeId, RequirementId = requirement.Id, StaffMemberId = exempt, From = new DateOnly(2026, 1, 1), Until = new DateOnly(2026, 6, 30), Reason = "parental leave", CreatedAt = now });
            db.SessionInvitations.Add(new SessionInvitation { PracticeId = practice.PracticeId, SessionId = sessionId, StaffMemberId = invitedBefore, InvitedAt = now });
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        var (_, _, booker) = await app.SignedInLearnerAsync(practice, 6);
        await booker.PostFormAsync("/bookings?handler=Book", [F("sessionId", sessionId.ToString())], "/bookings");

        var names = await app.WithDbAsync(db => db.StaffMembers.ToDictionaryAsync(s => s.Id, s => $"{s.FirstName} {s.LastName}"), practice.PracticeId);
        var preview = await instructor.GetPageAsync($"/series/occurrences/{sessionId}/invite");
        var rows = preview.QuerySelectorAll("#due-staff tbody tr")
            .Select(r => (Name: r.QuerySelector("th")!.TextContent.Trim(), Why: r.QuerySelectorAll("td")[1].TextContent.Trim()))
            .ToDictionary(r => r.Name, r => r.Why);
        Assert.Equal(new[] { names[neverDone], names[dueSoon], names[overdue] }.Order(), rows.Keys.Order());
        Assert.Equal("Never done", rows[names[neverDone]]);
        Assert.Equal("Due soon (2026-03-20)", rows[names[dueSoon]]);
        Assert.Equal("Overdue (was due 2026-01-15)", rows[names[overdue]]);
        Assert.DoesNotContain(names[compliant], preview.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(names[exempt], preview.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(names[invitedBefore], preview.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(names[bookedAlready], preview.Body!.TextContent, StringComparison.Ordinal);

        var sent = await instructor.PostFormAsync($"/series/occurrences/{sessionId}/invite", []);
        LiveSessionTestSupport.AssertRedirect(sent, $"/series/{seriesId}");
        var invitations = await app.WithDbAsync(db => db.SessionInvitations.Where(i => i.SessionId == sessionId).Select(i => i.StaffMemberId).ToListAsync(), practice.PracticeId);
        Assert.Equal(new[] { neverDone, dueSoon, overdue, invitedBefore }.Order(), invitations.Order());

        await app.DeliverEmailsAsync();
        var session = (await SessionsAsync(app, practice.PracticeId, seriesId))[0];
        foreach (var staffId in new[] { neverDone, dueSoon, overdue })
        {
            var email = await EmailOfAsync(app, practice.PracticeId, staffId);
            var message = Assert.Single(SmtpSink.To(email), m => (m.Subject ?? "").StartsWith("Invitation", StringComparison.Ordinal));
            var calendar = IcalCalendar.Load(CalendarPart(message))!;
            Assert.Equal("REQUEST", calendar.Method);
            var invitation = calendar.Events.Single();
            Assert.StartsWith($"session-{session.Id:N}@", invitation.Uid, StringComparison.Ordinal);
            Assert.Equal(session.StartsAt, invitation.DtStart!.AsUtc);
            Assert.Equal($"mailto:{email}", invitation.Attendees.Single().Value!.ToString(), ignoreCase: true);
        }
        foreach (var staffId in new[] { compliant, exempt, invitedBefore })
        {
            Assert.Empty(SmtpSink.To(await EmailOfAsync(app, practice.PracticeId, staffId)));
        }

        // Nobody is invited twice: the preview is now empty.
        var again = await instructor.GetPageAsync($"/series/occurrences/{sessionId}/invite");
        Assert.Null(again.QuerySelector("#due-staff"));
        Assert.Contains("Nobody needs inviting", again.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Editing_a_series_changes_the_sessions_to_come_refuses_fewer_seats_than_booked_and_fills_new_seats_from_the_wait_list(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 4);
        var (account, instructor) = await app.SignedInInstructorAsync(practice.PracticeId);
        var other = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        // Thursdays 9:00 from 2026-03-05, three sessions, three seats each.
        var seriesId = await CreateSeriesAsync(instructor, Form(account.UserId, count: "3", capacity: "3"));
        var sessions = await SessionsAsync(app, practice.PracticeId, seriesId);
        var learners = new List<(AccountSeed Account, Guid StaffId, HttpClient Client)>();
        for (var i = 0; i < 4; i++)
        {
            learners.Add(await app.SignedInLearnerAsync(practice, i));
        }
        async Task BookAsync(int learner, Guid sessionId) =>
            Assert.Equal(HttpStatusCode.Redirect, (await learners[learner].Client.PostFormAsync("/bookings?handler=Book", [F("sessionId", sessionId.ToString())], "/bookings")).StatusCode);
        await BookAsync(0, sessions[0].Id);
        for (var i = 0; i < 4; i++)
        {
            await BookAsync(i, sessions[1].Id); // the fourth joins the wait list
        }
        LiveSessionTestSupport.AssertRedirect(await instructor.PostFormAsync($"/series/occurrences/{sessions[2].Id}/move",
            [F("Input.Date", "2026-03-19"), F("Input.StartTime", "09:00"), F("Input.Location", "Room Z")]), $"/series/{seriesId}");
        // The first session takes place (sign-ins do not last four days).
        app.Time.Advance(TimeSpan.FromDays(4));
        instructor = await app.SignInAsync(account);

        KeyValuePair<string, string>[] Edit(string capacity) =>
            [F("Input.Title", "Respond well"), F("Input.Location", "Room Q"), F("Input.Capacity", capacity), F("Input.InstructorUserId", other.UserId.ToString())];
        var refused = await instructor.PostFormAsync($"/series/{seriesId}/edit", Edit("2"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusal = await ParseAsync(refused);
        Assert.Contains("already has 3 seats booked", refusal.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Equal("Input_Capacity", refusal.QuerySelector("#error-summary a")!.GetAttribute("href")![1..]);
        Assert.Equal(0, (await SessionsAsync(app, practice.PracticeId, seriesId))[1].Sequence);

        LiveSessionTestSupport.AssertRedirect(await instructor.PostFormAsync($"/series/{seriesId}/edit", Edit("4")), $"/series/{seriesId}");
        var after = await SessionsAsync(app, practice.PracticeId, seriesId);
        // The past session keeps what it was; the moved one keeps its own place.
        Assert.Equal(("Recognise and respond", "Conference room B", 3, account.UserId, 0), (after[0].Title, after[0].Location!, after[0].Capacity!.Value, after[0].InstructorUserId, after[0].Sequence));
        Assert.Equal(("Respond well", "Room Q", 4, other.UserId, 1), (after[1].Title, after[1].Location!, after[1].Capacity!.Value, after[1].InstructorUserId, after[1].Sequence));
        Assert.Equal(("Respond well", "Room Z", 4, other.UserId, 2), (after[2].Title, after[2].Location!, after[2].Capacity!.Value, after[2].InstructorUserId, after[2].Sequence));
        var series = await app.WithDbAsync(db => db.LiveSeries.AsNoTracking().FirstAsync(s => s.Id == seriesId), practice.PracticeId);
        Assert.Equal(("Respond well", "Room Q", 4, other.UserId, 2), (series.Title, series.Location, series.Capacity, series.InstructorUserId, series.Sequence));
        var bookings = await app.WithDbAsync(db => db.SessionBookings.AsNoTracking().Where(b => b.SessionId == after[1].Id).ToListAsync(), practice.PracticeId);
        Assert.All(bookings, b => Assert.Equal(BookingStatus.Booked, b.Status));
        Assert.Equal([1, 2, 3, 4], bookings.Select(b => b.Seat!.Value).Order());
        var audit = await app.WithDbAsync(db => db.AuditEntries.All().Where(e => e.PracticeId == practice.PracticeId && e.Action == "series.edited").ToListAsync());
        Assert.Contains("Room Q", Assert.Single(audit).Changes, StringComparison.Ordinal);

        // The practice feed agrees: the new title and place from now on, the past session as it was.
        var feed = IcalCalendar.Load(await app.NewClient().GetStringAsync(new Uri(await FeedAddressAsync(instructor, CalendarFeedKind.Practice)).PathAndQuery))!;
        var exported = feed.GetOccurrences(null, null).Select(o => (Start: o.Period.StartTime.AsUtc, Event: (Ical.Net.CalendarComponents.CalendarEvent)o.Source)).OrderBy(o => o.Start).ToList();
        Assert.Equal(after.Select(s => s.StartsAt), exported.Select(o => o.Start));
        Assert.Equal([("Recognise and respond", "Conference room B"), ("Respond well", "Room Q"), ("Respond well", "Room Z")], exported.Select(o => (o.Event.Summary!, o.Event.Location!)));

        await app.DeliverEmailsAsync();
        var first = SmtpSink.To(await EmailOfAsync(app, practice.PracticeId, learners[0].StaffId));
        var changed = Assert.Single(first, m => (m.Subject ?? "").StartsWith("Changed", StringComparison.Ordinal));
        var update = IcalCalendar.Load(CalendarPart(changed))!;
        Assert.Equal("REQUEST", update.Method);
        var updated = update.Events.Single();
        Assert.StartsWith($"session-{after[1].Id:N}@", updated.Uid, StringComparison.Ordinal);
        Assert.Equal(1, updated.Sequence);
        Assert.Equal("Respond well", updated.Summary);
        Assert.Equal("Room Q", updated.Location);
        var promoted = SmtpSink.To(await EmailOfAsync(app, practice.PracticeId, learners[3].StaffId));
        Assert.Single(promoted, m => (m.Subject ?? "").StartsWith("A place is free", StringComparison.Ordinal));

        // Fewer seats again: booked seats above the new number move into the free ones.
        var leaver = await app.SignInAsync(learners[1].Account);
        await leaver.PostFormAsync("/bookings?handler=Cancel", [F("sessionId", after[1].Id.ToString())], "/bookings");
        LiveSessionTestSupport.AssertRedirect(await instructor.PostFormAsync($"/series/{seriesId}/edit", Edit("3")), $"/series/{seriesId}");
        var seats = await app.WithDbAsync(db => db.SessionBookings.Where(b => b.SessionId == after[1].Id).Select(b => b.Seat!.Value).ToListAsync(), practice.PracticeId);
        Assert.Equal([1, 2, 3], seats.Order());
    }
}
